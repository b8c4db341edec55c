/**
 * Loads and validates openapi/catalog.yaml: every API version with its tier, lifecycle status, dates and successor.
 * The gateway, the portal and the contract generator read it through here and nowhere else.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const TIERS = ['system', 'process', 'partner'] as const;
export type Tier = (typeof TIERS)[number];

/** `2027-06-30` is a calendar date; where a date stands for an instant it is that day's midnight UTC. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `2027-06-30T18:00Z` or `2027-06-30T18:00:00Z`: UTC only, whole seconds (HTTP dates have no fractions). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z$/;

/** The instant (ms since the epoch) of a catalog date or date-time; NaN when it is not a real one (2026-02-30). */
function instantMs(value: string): number {
  const ms = Date.parse(ISO_DATE.test(value) ? `${value}T00:00:00Z` : value);
  // Date.parse rolls 2026-02-30 over to March; a real date reads back the same day.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value.slice(0, 10) ? Number.NaN : ms;
}

const isoDate = z
  .string()
  .regex(ISO_DATE, 'an ISO date (YYYY-MM-DD)')
  .refine((value) => !Number.isNaN(instantMs(value)), 'not a calendar date');
const isoDateTime = z
  .string()
  .regex(ISO_DATE_TIME, 'a UTC date-time (YYYY-MM-DDTHH:MM[:SS]Z)')
  .refine((value) => !Number.isNaN(instantMs(value)), 'not a real date-time');
const isoDateOrDateTime = z
  .string()
  .regex(new RegExp(`${ISO_DATE.source}|${ISO_DATE_TIME.source}`), 'an ISO date (YYYY-MM-DD) or a UTC date-time (YYYY-MM-DDTHH:MM[:SS]Z)')
  .refine((value) => !Number.isNaN(instantMs(value)), 'not a real date');

const brownoutSchema = z
  .object({
    /** First instant of the brownout: calls answer 410 from here... */
    start: isoDateTime,
    /** ...until here (exclusive). */
    end: isoDateTime,
    /** Why, or what to do, shown with the 410 and on the portal. */
    note: z.string().min(1).optional(),
  })
  .strict();

const catalogEntrySchema = z
  .object({
    tier: z.enum(TIERS),
    api: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lowercase API name'),
    version: z.number().int().positive(),
    title: z.string().min(1),
    description: z.string().min(1),
    status: z.enum(['active', 'deprecated', 'retired']),
    releasedOn: isoDate,
    /** When the version was (or will be) deprecated: required for a deprecated version. */
    deprecatedOn: isoDateOrDateTime.optional(),
    /** When the version stops being served (410 from then on): required for a retired version. */
    sunsetOn: isoDateOrDateTime.optional(),
    /** The version that replaces this one, a later version of the same API. */
    successor: z.number().int().positive().optional(),
    migrationNote: z.string().optional(),
    /** Windows before the sunset in which a deprecated version already answers 410, so that callers notice. */
    brownouts: z.array(brownoutSchema).optional(),
  })
  .strict();

const catalogSchema = z.object({ apis: z.array(catalogEntrySchema).min(1) }).strict();

export type CatalogEntryData = z.infer<typeof catalogEntrySchema>;
export type Brownout = z.infer<typeof brownoutSchema>;

/** A catalog entry with the paths every consumer derives from it, computed once here. */
export interface CatalogEntry extends CatalogEntryData {
  /** `system/erp/v1`: the key of this API version everywhere. */
  id: string;
  /** URL prefix the version is served under: `/system/erp/v1`. */
  basePath: string;
  /** Folder of the controllers, relative to the project root. */
  sourceDir: string;
  /** The committed, generated spec, relative to the project root. */
  specFile: string;
}

/** The folder holding package.json: the same from sources (tsx) and from the compiled dist/ tree. */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'openapi', 'catalog.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json + openapi/catalog.yaml) above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const CATALOG_FILE = path.join(PROJECT_ROOT, 'openapi', 'catalog.yaml');

export function describeEntry(data: CatalogEntryData): CatalogEntry {
  const id = `${data.tier}/${data.api}/v${data.version}`;
  return {
    ...data,
    id,
    basePath: `/${id}`,
    sourceDir: `apis/${id}`,
    specFile: `openapi/${id}.json`,
  };
}

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** The instant a catalog date (`2027-06-30`, meaning its midnight UTC) or UTC date-time stands for. */
export function catalogInstant(value: string): Date {
  const ms = instantMs(value);
  if (Number.isNaN(ms)) throw new TypeError(`not a catalog date or UTC date-time: ${value}`);
  return new Date(ms);
}

/**
 * What is inconsistent across a parsed catalog, one `apis.<index>.<key>: <problem>` line per issue; empty when it is
 * sound. Lifecycle rules: a deprecated version has `deprecatedOn`; a retired one has `sunsetOn`; an active one has
 * neither (deprecating it is a status change); the sunset comes after the deprecation; a successor is a later
 * version of the same API that exists and is not retired; brownouts belong to a deprecated version, each a window
 * (start before end) after its deprecation and before its sunset.
 */
export function catalogIssues(entries: readonly CatalogEntry[]): string[] {
  const issues: string[] = [];
  const byId = new Map<string, CatalogEntry>();
  entries.forEach((entry, index) => {
    if (byId.has(entry.id)) issues.push(`apis.${index}: ${entry.id} is listed twice`);
    else byId.set(entry.id, entry);
  });
  entries.forEach((entry, index) => {
    const at = (key: string) => `apis.${index}.${key}`;
    const released = instantMs(entry.releasedOn);
    const deprecated = entry.deprecatedOn === undefined ? undefined : instantMs(entry.deprecatedOn);
    const sunset = entry.sunsetOn === undefined ? undefined : instantMs(entry.sunsetOn);

    if (entry.status === 'deprecated' && deprecated === undefined) {
      issues.push(`${at('deprecatedOn')}: ${entry.id} is deprecated, so it needs deprecatedOn (since when)`);
    }
    if (entry.status === 'retired' && sunset === undefined) {
      issues.push(`${at('sunsetOn')}: ${entry.id} is retired, so it needs sunsetOn (since when it is no longer served)`);
    }
    if (entry.status === 'active' && (deprecated !== undefined || sunset !== undefined)) {
      issues.push(`${at('status')}: ${entry.id} has ${deprecated !== undefined ? 'deprecatedOn' : 'sunsetOn'} but is active; set status: deprecated`);
    }
    if (deprecated !== undefined && deprecated < released) {
      issues.push(`${at('deprecatedOn')}: ${entry.id} is deprecated on ${entry.deprecatedOn}, before its release on ${entry.releasedOn}`);
    }
    if (deprecated !== undefined && sunset !== undefined && sunset <= deprecated) {
      issues.push(`${at('sunsetOn')}: ${entry.id} sunsets on ${entry.sunsetOn}, which is not after its deprecatedOn ${entry.deprecatedOn}`);
    }

    if (entry.successor !== undefined) {
      const successor = byId.get(`${entry.tier}/${entry.api}/v${entry.successor}`);
      if (entry.successor <= entry.version) {
        issues.push(`${at('successor')}: ${entry.id} names successor v${entry.successor}, which is not a later version`);
      } else if (!successor) {
        issues.push(`${at('successor')}: ${entry.id} names successor v${entry.successor}, which is not in the catalog`);
      } else if (successor.status === 'retired' && entry.status !== 'retired') {
        issues.push(`${at('successor')}: ${entry.id} names successor v${entry.successor}, which is retired`);
      }
    }

    (entry.brownouts ?? []).forEach((brownout, position) => {
      const where = at(`brownouts.${position}`);
      const start = instantMs(brownout.start);
      const end = instantMs(brownout.end);
      if (entry.status !== 'deprecated') issues.push(`${where}: ${entry.id} is ${entry.status}; only a deprecated version has brownouts`);
      if (end <= start) issues.push(`${where}.end: the brownout ending ${brownout.end} does not start before it ends (${brownout.start})`);
      if (deprecated !== undefined && start < deprecated) {
        issues.push(`${where}.start: the brownout starting ${brownout.start} starts before ${entry.id} is deprecated (${entry.deprecatedOn})`);
      }
      if (sunset !== undefined && end > sunset) {
        issues.push(`${where}.end: the brownout ending ${brownout.end} ends after the sunset of ${entry.id} (${entry.sunsetOn})`);
      }
    });
  });
  return issues;
}

export function parseCatalog(text: string, source = CATALOG_FILE): CatalogEntry[] {
  const result = catalogSchema.safeParse(parseYaml(text));
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CatalogError(`${source} is invalid:\n  ${issues.join('\n  ')}`);
  }
  const entries = result.data.apis.map(describeEntry);
  const issues = catalogIssues(entries);
  if (issues.length > 0) throw new CatalogError(`${source} is inconsistent:\n  ${issues.join('\n  ')}`);
  return entries;
}

export function loadCatalog(file = CATALOG_FILE): CatalogEntry[] {
  return parseCatalog(readFileSync(file, 'utf8'), file);
}

/** The committed spec of one entry, parsed. */
export function loadSpec(entry: CatalogEntry): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, entry.specFile), 'utf8')) as Record<string, unknown>;
}

/** Every catalogued version of one API, oldest first. */
export function versionsOf(catalog: readonly CatalogEntry[], tier: Tier, api: string): CatalogEntry[] {
  return catalog.filter((entry) => entry.tier === tier && entry.api === api).sort((a, b) => a.version - b.version);
}

/** The entry a version names as its successor; undefined when it names none (or one the catalog lacks). */
export function successorOf(catalog: readonly CatalogEntry[], entry: CatalogEntry): CatalogEntry | undefined {
  if (entry.successor === undefined) return undefined;
  const id = `${entry.tier}/${entry.api}/v${entry.successor}`;
  return catalog.find((candidate) => candidate.id === id);
}
