/**
 * `retire <api> <version>`: marks a deprecated version retired in openapi/catalog.yaml (the gateway then answers
 * 410 for it), and records who did it in the audit log. Refuses a version that is not deprecated, one without a
 * sunset date, and one whose sunset is still ahead unless --force: then its sunsetOn becomes now, the moment it
 * stops being served, so the catalog stays truthful. Its brownouts are removed (only a deprecated version has
 * brownouts).
 */
import path from 'node:path';
import { catalogInstant } from '../../catalog';
import { editCatalogFile } from '../catalog-edit';
import { AUDIT_OPTIONS } from './deprecate';
import { auditedChange, auditFileFor, lifecycleRecord, whoRuns } from './lifecycle-audit';
import { entryOf, parseApi, parseVersion } from './project';
import { CliFailure, type Command } from './wrapper';

export const retire: Command = {
  name: 'retire',
  summary: 'mark a deprecated version retired once its sunset has come (audited)',
  synopsis: '<api> <version>',
  options: {
    force: { type: 'boolean', description: 'retire before the sunset: sunsetOn becomes now' },
    ...AUDIT_OPTIONS,
  },
  async run({ root, catalog, args, options, now, env, cwd }) {
    const name = parseApi(args[0]);
    const entry = entryOf(catalog(), name, parseVersion(args[1]));
    if (entry.status === 'retired') throw new CliFailure(`${entry.id} is already retired`);
    if (entry.status !== 'deprecated') throw new CliFailure(`${entry.id} is ${entry.status}: deprecate it first (deprecate ${name.tier}/${name.api} v${entry.version} --sunset <date>)`);
    if (entry.sunsetOn === undefined) {
      throw new CliFailure(`${entry.id} has no sunset date: set one first (deprecate ${name.tier}/${name.api} v${entry.version} --sunset <date>)`);
    }
    let sunsetOn = entry.sunsetOn;
    const at = now();
    if (catalogInstant(entry.sunsetOn).getTime() > at.getTime()) {
      if (options.force !== true) throw new CliFailure(`${entry.id} sunsets on ${entry.sunsetOn}, which is still ahead; --force to retire it now`);
      sunsetOn = `${at.toISOString().slice(0, 19)}Z`;
    }
    const who = whoRuns(typeof options.by === 'string' ? options.by : undefined, root, env);
    const auditFile = auditFileFor(typeof options['audit-file'] === 'string' ? options['audit-file'] : undefined, root, cwd, env);
    const detail = [
      'status deprecated -> retired',
      ...(sunsetOn === entry.sunsetOn ? [`sunsetOn ${sunsetOn}`] : [`sunsetOn ${entry.sunsetOn} -> ${sunsetOn}`, 'forced: sunset ahead']),
      ...(entry.brownouts && entry.brownouts.length > 0 ? [`${entry.brownouts.length} brownout(s) removed`] : []),
    ].join('; ');
    const updated = await auditedChange(
      auditFile,
      () =>
        editCatalogFile(path.join(root, 'openapi', 'catalog.yaml'), {
          id: entry.id,
          set: { status: 'retired', sunsetOn },
          remove: ['brownouts'],
        }),
      () => lifecycleRecord('retire', who, entry, detail),
    );
    return {
      ok: true,
      text: `retired ${entry.id}: ${detail}\nrecorded for ${who} in ${auditFile}`,
      data: { entry: updated.find((candidate) => candidate.id === entry.id), by: who, auditFile, detail },
    };
  },
};
