/**
 * Released baselines: the snapshots of each API version's committed spec as it was published, kept under
 * `openapi/released/{tier}/{api}/v{n}/{release}.json`, where the release is the ISO date of the release with `-2`,
 * `-3`... for a second, third... release on one day. A baseline is never rewritten: a release only adds a file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenApiDocument, ReleasedBaseline } from './types';

/** `2026-11-28`, `2026-11-28-2`, `2026-11-28-13`; a `-1` suffix is never written (the first release has none). */
const RELEASE_NAME = /^(\d{4}-\d{2}-\d{2})(?:-([2-9]|[1-9]\d+))?$/;

/** The folder of one API version's baselines, relative to the project root, with forward slashes. */
export function baselineFolder(id: string): string {
  return `openapi/released/${id}`;
}

/** Whether `release` is a well-formed release name (an ISO date, optionally with a `-N` suffix, N ≥ 2). */
export function isReleaseName(release: string): boolean {
  return RELEASE_NAME.test(release);
}

/** Sort key of a release: its date, then its number on that day (1 for the unsuffixed first one). */
function releaseOrder(release: string): [string, number] {
  const match = RELEASE_NAME.exec(release);
  if (!match) throw new TypeError(`not a release name: ${release}`);
  return [match[1] as string, match[2] === undefined ? 1 : Number(match[2])];
}

/** Negative when release `a` came before release `b`. */
export function compareReleases(a: string, b: string): number {
  const [dateA, numberA] = releaseOrder(a);
  const [dateB, numberB] = releaseOrder(b);
  return dateA === dateB ? numberA - numberB : dateA < dateB ? -1 : 1;
}

function describeBaseline(id: string, release: string): ReleasedBaseline {
  return { id, release, file: `${baselineFolder(id)}/${release}.json` };
}

/**
 * Every released baseline of one API version (`partner/customers/v1`), oldest first; empty when it was never
 * released. Files in the folder whose names are not release names are ignored.
 */
export function listBaselines(root: string, id: string): ReleasedBaseline[] {
  const folder = path.join(root, baselineFolder(id));
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((item) => item.isFile() && item.name.endsWith('.json') && isReleaseName(item.name.slice(0, -'.json'.length)))
    .map((item) => item.name.slice(0, -'.json'.length))
    .sort(compareReleases)
    .map((release) => describeBaseline(id, release));
}

/** The most recent release of one API version; undefined when it was never released. */
export function latestBaseline(root: string, id: string): ReleasedBaseline | undefined {
  return listBaselines(root, id).at(-1);
}

/** One named release of an API version; undefined when there is none of that name. */
export function findBaseline(root: string, id: string, release: string): ReleasedBaseline | undefined {
  return listBaselines(root, id).find((baseline) => baseline.release === release);
}

/** The spec a baseline holds, parsed. */
export function loadBaseline(root: string, baseline: ReleasedBaseline): OpenApiDocument {
  return JSON.parse(readFileSync(path.join(root, baseline.file), 'utf8')) as OpenApiDocument;
}

/** The name the next release of `id` on `date` (`YYYY-MM-DD`) gets: the date, or the date with the next free suffix. */
export function nextReleaseName(root: string, id: string, date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new TypeError(`not an ISO date: ${date}`);
  const sameDay = listBaselines(root, id).filter((baseline) => releaseOrder(baseline.release)[0] === date);
  if (sameDay.length === 0) return date;
  const highest = Math.max(...sameDay.map((baseline) => releaseOrder(baseline.release)[1]));
  return `${date}-${highest + 1}`;
}

/**
 * Writes `specText` (the committed spec, byte for byte) as a new release of `id` made on `date`, and returns it.
 * The file appears whole or not at all (written beside it, then hard-linked into place, which fails instead of
 * replacing a file of that name), so two releases at once never overwrite each other: the loser retries with the
 * next suffix.
 */
export function writeBaseline(root: string, id: string, specText: string, date: string): ReleasedBaseline {
  const folder = path.join(root, baselineFolder(id));
  mkdirSync(folder, { recursive: true });
  const temporary = path.join(folder, `.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temporary, specText, { flag: 'wx' });
  try {
    for (let attempt = 0; ; attempt += 1) {
      const baseline = describeBaseline(id, nextReleaseName(root, id, date));
      try {
        linkSync(temporary, path.join(root, baseline.file));
        return baseline;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 10) throw error;
      }
    }
  } finally {
    unlinkSync(temporary);
  }
}
