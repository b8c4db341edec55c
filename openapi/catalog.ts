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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date (YYYY-MM-DD)');

const catalogEntrySchema = z
  .object({
    tier: z.enum(TIERS),
    api: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lowercase API name'),
    version: z.number().int().positive(),
    title: z.string().min(1),
    description: z.string().min(1),
    status: z.enum(['active', 'deprecated', 'retired']),
    releasedOn: isoDate,
    deprecatedOn: isoDate.optional(),
    sunsetOn: isoDate.optional(),
    successor: z.number().int().positive().optional(),
    migrationNote: z.string().optional(),
  })
  .strict();

const catalogSchema = z.object({ apis: z.array(catalogEntrySchema).min(1) }).strict();

export type CatalogEntryData = z.infer<typeof catalogEntrySchema>;

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

export function parseCatalog(text: string, source = CATALOG_FILE): CatalogEntry[] {
  const result = catalogSchema.safeParse(parseYaml(text));
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CatalogError(`${source} is invalid:\n  ${issues.join('\n  ')}`);
  }
  const entries = result.data.apis.map(describeEntry);
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id)) throw new CatalogError(`${source}: ${entry.id} is listed twice`);
    seen.add(entry.id);
  }
  for (const entry of entries) {
    if (entry.successor !== undefined && !seen.has(`${entry.tier}/${entry.api}/v${entry.successor}`)) {
      throw new CatalogError(`${source}: ${entry.id} names successor v${entry.successor}, which is not in the catalog`);
    }
  }
  return entries;
}

export function loadCatalog(file = CATALOG_FILE): CatalogEntry[] {
  return parseCatalog(readFileSync(file, 'utf8'), file);
}

/** The committed spec of one entry, parsed. */
export function loadSpec(entry: CatalogEntry): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, entry.specFile), 'utf8')) as Record<string, unknown>;
}
