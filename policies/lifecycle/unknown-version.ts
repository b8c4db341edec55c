/**
 * The unknown-version answer: a request under a catalogued API (`/{tier}/{api}/...`) that names a version the catalog
 * lacks, or no version at all, gets the generic 404 ERR_ROUTE_NOT_FOUND plus a `versions` member listing the versions
 * that exist (version, status, base path, sunset, successor), so a client sees where to go. The code stays the
 * generic one on purpose: that is what such a request answered before, and clients match on codes. Anything else,
 * including unmatched paths inside a catalogued version, falls through to `routeNotFound`. The gateway mounts it
 * after the API routers, just before `routeNotFound`.
 */
import type { RequestHandler } from 'express';
import { GatewayError } from '../../gateway/errors';
import { TIERS, type CatalogEntry } from '../../openapi/catalog';

export interface ListedVersion {
  version: number;
  status: CatalogEntry['status'];
  basePath: string;
  sunsetOn?: string;
  successor?: number;
}

interface KnownApi {
  versions: ReadonlySet<number>;
  listing: readonly ListedVersion[];
  /** `v1 (deprecated, /partner/customers/v1), v2 (active, /partner/customers/v2)` */
  summary: string;
}

const VERSION_SEGMENT = /^v(\d+)$/;
const TIER_NAMES: ReadonlySet<string> = new Set(TIERS);

export function createUnknownVersionHandler(catalog: readonly CatalogEntry[]): RequestHandler {
  const apis = new Map<string, KnownApi>();
  const keys = [...new Set(catalog.map((entry) => `${entry.tier}/${entry.api}`))];
  for (const key of keys) {
    const entries = catalog.filter((entry) => `${entry.tier}/${entry.api}` === key).sort((a, b) => a.version - b.version);
    const listing = entries.map((entry) =>
      Object.freeze({
        version: entry.version,
        status: entry.status,
        basePath: entry.basePath,
        ...(entry.sunsetOn === undefined ? {} : { sunsetOn: entry.sunsetOn }),
        ...(entry.successor === undefined ? {} : { successor: entry.successor }),
      }),
    );
    apis.set(key, {
      versions: new Set(entries.map((entry) => entry.version)),
      listing: Object.freeze(listing),
      summary: entries.map((entry) => `v${entry.version} (${entry.status}, ${entry.basePath})`).join(', '),
    });
  }

  return (request, _response, next) => {
    const [, tier, api, segment] = request.path.split('/', 4);
    if (!tier || !api || !TIER_NAMES.has(tier)) {
      next();
      return;
    }
    const known = apis.get(`${tier}/${api}`);
    if (!known) {
      next();
      return;
    }
    const version = segment === undefined ? undefined : VERSION_SEGMENT.exec(segment);
    if (version && known.versions.has(Number(version[1]))) {
      next();
      return;
    }
    const asked = version ? `has no version ${segment}` : 'needs a version in the path';
    next(
      new GatewayError('ERR_ROUTE_NOT_FOUND', `${tier}/${api} ${asked} (${request.method} ${request.path}); it has ${known.summary}`, {
        extensions: { versions: known.listing.map((listed) => ({ ...listed })) },
      }),
    );
  };
}
