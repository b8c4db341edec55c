/**
 * What the contracts commands share: reading `tier/api` and version arguments, finding catalog entries, and
 * reading the specs of a project folder (committed, released, or generated from today's code).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { catalogInstant, type CatalogEntry } from '../../catalog';
import { findBaseline, isReleaseName, latestBaseline, listBaselines, loadBaseline } from '../baselines';
import type { OpenApiDocument, ReleasedBaseline } from '../types';
import { CliFailure, UsageError } from './wrapper';

export interface ApiName {
  tier: string;
  api: string;
}

/** `partner/customers` → its tier and API name. */
export function parseApi(arg: string | undefined): ApiName {
  const match = /^([a-z]+)\/([a-z][a-z0-9-]*)$/.exec(arg ?? '');
  if (!match) throw new UsageError(`"${arg ?? ''}" is not an API: give it as tier/api, e.g. partner/customers`);
  return { tier: match[1] as string, api: match[2] as string };
}

/** `v2` or `2` → 2. */
export function parseVersion(arg: string | undefined): number {
  const match = /^v?([1-9]\d*)$/.exec(arg ?? '');
  if (!match) throw new UsageError(`"${arg ?? ''}" is not a version: give it as v1 (or 1)`);
  return Number(match[1]);
}

/** Every catalogued version of an API, oldest first; a failure when the catalog has none. */
export function versionsOfApi(catalog: readonly CatalogEntry[], name: ApiName): CatalogEntry[] {
  const versions = catalog.filter((entry) => entry.tier === name.tier && entry.api === name.api).sort((a, b) => a.version - b.version);
  if (versions.length === 0) {
    const known = [...new Set(catalog.map((entry) => `${entry.tier}/${entry.api}`))].join(', ');
    throw new CliFailure(`${name.tier}/${name.api} is not in the catalog (it has ${known})`);
  }
  return versions;
}

export function entryOf(catalog: readonly CatalogEntry[], name: ApiName, version: number): CatalogEntry {
  const versions = versionsOfApi(catalog, name);
  const entry = versions.find((candidate) => candidate.version === version);
  if (!entry) throw new CliFailure(`${name.tier}/${name.api} has no v${version} in the catalog (it has ${versions.map((v) => `v${v.version}`).join(', ')})`);
  return entry;
}

/** The committed spec of an entry in `root`: its text and parsed form. */
export function readCommittedSpec(root: string, entry: CatalogEntry): { text: string; spec: OpenApiDocument } {
  let text: string;
  try {
    text = readFileSync(path.join(root, entry.specFile), 'utf8');
  } catch (error) {
    throw new CliFailure(`cannot read the committed spec of ${entry.id} (${entry.specFile}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return { text, spec: JSON.parse(text) as OpenApiDocument };
  } catch (error) {
    throw new CliFailure(`the committed spec of ${entry.id} (${entry.specFile}) is not JSON: ${(error as Error).message}`);
  }
}

export function readBaseline(root: string, baseline: ReleasedBaseline): OpenApiDocument {
  try {
    return loadBaseline(root, baseline);
  } catch (error) {
    throw new CliFailure(`cannot read the released baseline ${baseline.file}: ${(error as Error).message}`);
  }
}

/** The UTC calendar date of an instant: `2026-11-28`. */
export function isoDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** A catalog date or UTC date-time given as an argument (`--sunset`), checked as the catalog checks it. */
export function parseCatalogDate(option: string, value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?Z)?$/.test(value)) {
    throw new UsageError(`--${option} "${value}" is not an ISO date (YYYY-MM-DD) or a UTC date-time (YYYY-MM-DDTHH:MM[:SS]Z)`);
  }
  try {
    return catalogInstant(value);
  } catch {
    throw new UsageError(`--${option} "${value}" is not a real date`);
  }
}

/** One side of a comparison, as `diff` reads it. */
export type SpecSource =
  | { kind: 'committed'; version: number }
  | { kind: 'release'; version: number; release: string }
  | { kind: 'latest'; version: number }
  | { kind: 'working'; version: number | undefined };

/** `v1` / `1` (committed), `v1@2026-11-28` (a release), `v1@latest`, `working` or `v1@working` (generated now). */
export function parseSpecSource(arg: string): SpecSource {
  if (arg === 'working') return { kind: 'working', version: undefined };
  const [versionPart, at, ...more] = arg.split('@');
  if (more.length > 0) throw new UsageError(`"${arg}" is not a spec: give v1, v1@latest, v1@YYYY-MM-DD or working`);
  const version = parseVersion(versionPart);
  if (at === undefined) return { kind: 'committed', version };
  if (at === 'latest') return { kind: 'latest', version };
  if (at === 'working') return { kind: 'working', version };
  if (!isReleaseName(at)) throw new UsageError(`"${at}" in "${arg}" is not a release: give latest or a release name such as 2026-11-28 or 2026-11-28-2`);
  return { kind: 'release', version, release: at };
}

export interface ResolvedSpec {
  /** For people: `v1 (committed)`, `v1@2026-11-28`, `v1 (working)`. */
  label: string;
  spec: OpenApiDocument;
}

/** The spec a source names, for an API of `root`; `working` generates it from the code there (slow). */
export async function resolveSpec(root: string, catalog: readonly CatalogEntry[], name: ApiName, source: SpecSource): Promise<ResolvedSpec> {
  if (source.version === undefined) throw new UsageError('working needs a version on one side: diff <api> v1 working, or v1@working');
  const entry = entryOf(catalog, name, source.version);
  switch (source.kind) {
    case 'committed':
      return { label: `v${entry.version} (committed)`, spec: readCommittedSpec(root, entry).spec };
    case 'latest': {
      const baseline = latestBaseline(root, entry.id);
      if (!baseline) throw new CliFailure(`${entry.id} has no released baseline yet (release it with: release ${name.tier}/${name.api} v${entry.version})`);
      return { label: `v${entry.version}@${baseline.release}`, spec: readBaseline(root, baseline) };
    }
    case 'release': {
      const baseline = findBaseline(root, entry.id, source.release);
      if (!baseline) {
        const releases = listBaselines(root, entry.id).map((item) => item.release);
        throw new CliFailure(`${entry.id} has no release ${source.release} (${releases.length > 0 ? `it has ${releases.join(', ')}` : 'it was never released'})`);
      }
      return { label: `v${entry.version}@${baseline.release}`, spec: readBaseline(root, baseline) };
    }
    case 'working':
      return { label: `v${entry.version} (working)`, spec: await generateWorkingSpec(root, entry) };
  }
}

/** The spec the code in `root` generates today for `entry`, through the project's generator, into a temporary folder. */
async function generateWorkingSpec(root: string, entry: CatalogEntry): Promise<OpenApiDocument> {
  const outputRoot = mkdtempSync(path.join(tmpdir(), 'dg-contracts-working-'));
  const cwd = process.cwd();
  try {
    // tsoa reads the controller globs against the working directory, as `npm run generate` runs it.
    process.chdir(root);
    // Loaded only here: the generator pulls in tsoa and the TypeScript compiler.
    const { generateSpecs } = await import('../../../scripts/generate-contracts.js');
    await generateSpecs(outputRoot, [entry]);
    return JSON.parse(readFileSync(path.join(outputRoot, entry.specFile), 'utf8')) as OpenApiDocument;
  } catch (error) {
    throw new CliFailure(`cannot generate the working spec of ${entry.id} from ${entry.sourceDir}: ${(error as Error).message}`);
  } finally {
    process.chdir(cwd);
    rmSync(outputRoot, { recursive: true, force: true });
  }
}
