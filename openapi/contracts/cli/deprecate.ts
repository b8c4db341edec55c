/**
 * `deprecate <api> <version> --sunset <date>`: marks a version deprecated in openapi/catalog.yaml (status,
 * deprecatedOn today, sunsetOn, and the successor and migration note when given), keeping the file's comments and
 * layout, and records who did it in the audit log. Refuses a sunset in the past (without --force), a successor
 * that is not a later, live version of the same API, and a retired version. Deprecating a deprecated version again
 * changes its sunset, successor or note and keeps its deprecatedOn.
 */
import path from 'node:path';
import { editCatalogFile } from '../catalog-edit';
import { auditedChange, auditFileFor, lifecycleRecord, whoRuns } from './lifecycle-audit';
import { entryOf, isoDay, parseApi, parseCatalogDate, parseVersion } from './project';
import { CliFailure, UsageError, type Command } from './wrapper';

export const AUDIT_OPTIONS = {
  by: { type: 'string', value: 'WHO', description: 'who makes the change, for the audit log (default: git config user.email, else $USER)' },
  'audit-file': { type: 'string', value: 'FILE', description: 'the audit log to record the change in (default: <dataDir>/audit/contracts-cli.log)' },
} as const;

export const deprecate: Command = {
  name: 'deprecate',
  summary: 'mark a version deprecated with its sunset date, successor and migration note (audited)',
  synopsis: '<api> <version>',
  details: 'Dates are ISO dates (2027-06-30, midnight UTC) or UTC date-times (2027-06-30T18:00Z).',
  options: {
    sunset: { type: 'string', value: 'DATE', description: 'when the version stops being served (required)' },
    successor: { type: 'string', value: 'VERSION', description: 'the later version that replaces it, e.g. v2' },
    note: { type: 'string', value: 'TEXT', description: 'the migration note shown to callers and on the portal' },
    force: { type: 'boolean', description: 'accept a sunset in the past' },
    ...AUDIT_OPTIONS,
  },
  async run({ root, catalog, args, options, now, env, cwd }) {
    const name = parseApi(args[0]);
    const version = parseVersion(args[1]);
    if (typeof options.sunset !== 'string') throw new UsageError('deprecate: --sunset <date> is required');
    const sunset = parseCatalogDate('sunset', options.sunset);
    const successor = typeof options.successor === 'string' ? parseVersion(options.successor) : undefined;
    const entries = catalog();
    const entry = entryOf(entries, name, version);
    const forced: string[] = [];

    if (entry.status === 'retired') throw new CliFailure(`${entry.id} is retired; a retired version cannot be deprecated`);
    if (sunset.getTime() <= now().getTime()) {
      if (options.force !== true) throw new CliFailure(`the sunset ${options.sunset} is in the past; --force to set it anyway`);
      forced.push('sunset in the past');
    }
    if (successor !== undefined) {
      if (successor <= entry.version) throw new CliFailure(`successor v${successor} is not a later version than ${entry.id}`);
      const next = entries.find((candidate) => candidate.tier === entry.tier && candidate.api === entry.api && candidate.version === successor);
      if (!next) throw new CliFailure(`successor v${successor} of ${entry.id} is not in the catalog`);
      if (next.status === 'retired') throw new CliFailure(`successor ${next.id} is retired`);
    }

    const deprecatedOn = entry.status === 'deprecated' && entry.deprecatedOn !== undefined ? entry.deprecatedOn : isoDay(now());
    const note = typeof options.note === 'string' ? options.note : undefined;
    const who = whoRuns(typeof options.by === 'string' ? options.by : undefined, root, env);
    const auditFile = auditFileFor(typeof options['audit-file'] === 'string' ? options['audit-file'] : undefined, root, cwd, env);
    const detail = [
      `status ${entry.status} -> deprecated`,
      `deprecatedOn ${deprecatedOn}`,
      `sunsetOn ${entry.sunsetOn ?? '-'} -> ${options.sunset}`,
      ...(successor === undefined ? [] : [`successor ${entry.successor === undefined ? '-' : `v${entry.successor}`} -> v${successor}`]),
      ...(note === undefined ? [] : ['migrationNote set']),
      ...(forced.length > 0 ? [`forced: ${forced.join(', ')}`] : []),
    ].join('; ');

    const catalogFile = path.join(root, 'openapi', 'catalog.yaml');
    const updated = await auditedChange(
      auditFile,
      () =>
        editCatalogFile(catalogFile, {
          id: entry.id,
          set: {
            status: 'deprecated',
            deprecatedOn,
            sunsetOn: options.sunset as string,
            ...(successor === undefined ? {} : { successor }),
            ...(note === undefined ? {} : { migrationNote: note }),
          },
        }),
      () => lifecycleRecord('deprecate', who, entry, detail),
    );
    const after = updated.find((candidate) => candidate.id === entry.id);
    return {
      ok: true,
      text: `deprecated ${entry.id}: ${detail}\nrecorded for ${who} in ${auditFile}`,
      data: { entry: after, by: who, auditFile, detail },
    };
  },
};
