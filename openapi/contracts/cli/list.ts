/**
 * `list`: every API version in the catalog with its lifecycle (tier, status, dates, successor), its latest release
 * and whether the committed spec changed since that release (`no`, `yes`, `breaking`; `-` when never released).
 */
import { latestBaseline } from '../baselines';
import { diffSpecs } from '../diff';
import { readBaseline, readCommittedSpec } from './project';
import { table } from './table';
import type { Command } from './wrapper';

export type ChangedSinceRelease = 'no' | 'yes' | 'breaking' | 'unreleased';

export interface ListedVersion {
  id: string;
  tier: string;
  api: string;
  version: number;
  status: string;
  releasedOn: string;
  deprecatedOn?: string;
  sunsetOn?: string;
  successor?: string;
  latestRelease?: string;
  changed: ChangedSinceRelease;
}

export const list: Command = {
  name: 'list',
  summary: 'every API version: lifecycle, latest release, and whether the committed spec changed since',
  synopsis: '',
  details: 'changed: no, yes (only non-breaking changes), breaking, or - when the version was never released.',
  options: {},
  async run({ root, catalog }) {
    const versions: ListedVersion[] = catalog().map((entry) => {
      const baseline = latestBaseline(root, entry.id);
      let changed: ChangedSinceRelease = 'unreleased';
      if (baseline) {
        const changes = diffSpecs(readBaseline(root, baseline), readCommittedSpec(root, entry).spec);
        changed = changes.some((change) => change.breaking) ? 'breaking' : changes.length > 0 ? 'yes' : 'no';
      }
      return {
        id: entry.id,
        tier: entry.tier,
        api: entry.api,
        version: entry.version,
        status: entry.status,
        releasedOn: entry.releasedOn,
        ...(entry.deprecatedOn === undefined ? {} : { deprecatedOn: entry.deprecatedOn }),
        ...(entry.sunsetOn === undefined ? {} : { sunsetOn: entry.sunsetOn }),
        ...(entry.successor === undefined ? {} : { successor: `v${entry.successor}` }),
        ...(baseline ? { latestRelease: baseline.release } : {}),
        changed,
      };
    });
    const text = table(
      ['VERSION', 'TIER', 'STATUS', 'RELEASED', 'DEPRECATED', 'SUNSET', 'SUCCESSOR', 'LATEST RELEASE', 'CHANGED'],
      versions.map((item) => [
        item.id,
        item.tier,
        item.status,
        item.releasedOn,
        item.deprecatedOn,
        item.sunsetOn,
        item.successor,
        item.latestRelease,
        item.changed === 'unreleased' ? undefined : item.changed,
      ]),
    );
    return { ok: true, text, data: { versions } };
  },
};
