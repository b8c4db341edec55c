/**
 * `release <api> <version>`: snapshots the committed spec of a version as a new released baseline
 * (openapi/released/<tier>/<api>/v<n>/<date>.json), from which on `check` guards it against breaking changes.
 * Refuses when the committed spec is the latest release already, and when it breaks the latest release (unless
 * `--allow-breaking`: a release would otherwise make a breaking change pass `check` unnoticed).
 */
import { isDeepStrictEqual } from 'node:util';
import { latestBaseline, writeBaseline } from '../baselines';
import { diffSpecs } from '../diff';
import { changesTable } from './diff';
import { entryOf, isoDay, parseApi, parseVersion, readBaseline, readCommittedSpec } from './project';
import { CliFailure, type Command } from './wrapper';

export const release: Command = {
  name: 'release',
  summary: 'snapshot the committed spec of a version as a new released baseline',
  synopsis: '<api> <version>',
  details: [
    'The release is named after today (UTC): 2026-11-28, then 2026-11-28-2, -3... for more releases that day.',
    'Refused when the committed spec equals the latest release (nothing to release), or breaks it.',
  ].join('\n'),
  options: {
    'allow-breaking': { type: 'boolean', description: 'release even though the committed spec breaks the latest release' },
  },
  async run({ root, catalog, args, options, now }) {
    const name = parseApi(args[0]);
    const entry = entryOf(catalog(), name, parseVersion(args[1]));
    const committed = readCommittedSpec(root, entry);
    const previous = latestBaseline(root, entry.id);
    const changes = previous ? diffSpecs(readBaseline(root, previous), committed.spec) : [];
    if (previous && isDeepStrictEqual(readBaseline(root, previous), committed.spec)) {
      throw new CliFailure(`nothing to release: the committed spec of ${entry.id} equals its latest release ${previous.release}`);
    }
    const breaking = changes.filter((change) => change.breaking);
    if (breaking.length > 0 && options['allow-breaking'] !== true) {
      throw new CliFailure(
        `refusing to release ${entry.id}: its committed spec breaks the latest release ${previous?.release} ` +
          `(${breaking.length} breaking change${breaking.length === 1 ? '' : 's'}; --allow-breaking to release anyway):\n${changesTable(breaking)}`,
      );
    }
    const baseline = writeBaseline(root, entry.id, committed.text, isoDay(now()));
    const since = previous ? `${changes.length} change${changes.length === 1 ? '' : 's'} since ${previous.release}, ${breaking.length} breaking` : 'its first release';
    return {
      ok: true,
      text: `released ${entry.id} as ${baseline.release} (${since}): ${baseline.file}`,
      data: { released: baseline, previous: previous?.release ?? null, changes },
    };
  },
};
