/** The lifecycle policy's options, their defaults, and the start-up check that turns them into a frozen configuration. */
import type { Logger } from '../../gateway/logger';
import type { UsageStore } from '../../gateway/state/ports';
import { catalogIssues, type CatalogEntry } from '../../openapi/catalog';
import { PORTAL_PATH } from '../../openapi/portal';

export interface LifecycleOptions {
  /** The API version whose router the policy guards. Must be one of `catalog`. */
  entry: CatalogEntry;
  /** The whole catalog: where the successor's base path comes from. */
  catalog: readonly CatalogEntry[];
  /**
   * Where calls to a deprecated or retired version are counted (per client, with the latest call), so that an
   * architect knows whom to tell. Written fire-and-forget: a failing store is logged and never fails or slows a
   * request, because the count is advisory and the API call is not.
   */
  usage: UsageStore;
  logger: Logger;
  /** Now. Default: the system clock. Sunsets and brownouts are judged against it on every request. */
  clock?: () => Date;
  /** Where the developer portal is mounted; the `rel="deprecation"` link points into it. Default `/portal`. */
  portalPath?: string;
}

export type LifecycleConfiguration = Readonly<Required<LifecycleOptions>>;

export const DEFAULTS = Object.freeze({
  clock: (): Date => new Date(),
  portalPath: PORTAL_PATH,
});

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['entry', 'catalog', 'usage', 'logger', 'clock', 'portalPath']);

/** Checks the options at start-up; throws a TypeError naming the option (`lifecycle.<key>`) on any mistake. */
export function parseLifecycleOptions(options: LifecycleOptions): LifecycleConfiguration {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`lifecycle.${key}: unknown option`);
  }
  const { entry, catalog, usage, logger } = options;
  if (!Array.isArray(catalog)) throw new TypeError('lifecycle.catalog: must be the catalog (an array of entries)');
  if (!entry || typeof entry.id !== 'string' || !catalog.some((candidate) => candidate.id === entry.id)) {
    throw new TypeError(`lifecycle.entry: ${String(entry?.id)} is not in lifecycle.catalog`);
  }
  const issues = catalogIssues(catalog);
  if (issues.length > 0) throw new TypeError(`lifecycle.catalog: inconsistent:\n  ${issues.join('\n  ')}`);
  if (typeof usage?.record !== 'function') throw new TypeError('lifecycle.usage: must be a UsageStore');
  if (typeof logger?.warn !== 'function') throw new TypeError('lifecycle.logger: must be a Logger');
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('lifecycle.clock: must be a function returning a Date');
  const portalPath = options.portalPath ?? DEFAULTS.portalPath;
  if (!/^\/[^?#]*[^/?#]$/.test(portalPath)) throw new TypeError(`lifecycle.portalPath: must be an absolute path without a trailing slash, not '${portalPath}'`);
  return Object.freeze({ entry, catalog, usage, logger, clock: options.clock ?? DEFAULTS.clock, portalPath });
}
