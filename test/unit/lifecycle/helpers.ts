/** A test catalog with every lifecycle state, a logger that keeps its lines, and one API version behind the lifecycle policy. */
import express, { type Express } from 'express';
import { GatewayError } from '../../../gateway/errors';
import type { Logger } from '../../../gateway/logger';
import { createProblemHandler, routeNotFound } from '../../../gateway/problem-handler';
import type { UsageStore } from '../../../gateway/state/ports';
import { parseCatalog, type CatalogEntry } from '../../../openapi/catalog';
import { createLifecycle } from '../../../policies/lifecycle';

export const CATALOG_YAML = `apis:
  - tier: partner
    api: customers
    version: 1
    title: Customer Orders API
    description: v1
    status: deprecated
    releasedOn: 2026-01-01
    deprecatedOn: 2027-01-01
    sunsetOn: 2027-07-01T12:00:00Z
    successor: 2
    migrationNote: Send lines[].unit as a UN/CEFACT code.
    brownouts:
      - start: 2027-03-01T10:00:00Z
        end: 2027-03-01T12:00Z
        note: first brownout
  - tier: partner
    api: customers
    version: 2
    title: Customer Orders API
    description: v2
    status: active
    releasedOn: 2026-12-01
  - tier: system
    api: erp
    version: 1
    title: ERP System API
    description: v1
    status: retired
    releasedOn: 2025-01-01
    deprecatedOn: 2026-01-15
    sunsetOn: 2026-06-30
    successor: 2
  - tier: system
    api: erp
    version: 2
    title: ERP System API
    description: v2
    status: active
    releasedOn: 2025-12-01
  - tier: process
    api: orders
    version: 1
    title: Orders Process API
    description: v1
    status: deprecated
    releasedOn: 2026-01-01
    deprecatedOn: 2027-02-01T08:30:00Z
`;

export const CATALOG = parseCatalog(CATALOG_YAML, 'test catalog');

export function entryOf(id: string, catalog: readonly CatalogEntry[] = CATALOG): CatalogEntry {
  const entry = catalog.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`no ${id} in the test catalog`);
  return entry;
}

export interface LogLine {
  level: string;
  message: string;
  meta?: unknown;
}

export function captureLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, meta?: unknown) => {
    lines.push({ level, message, meta });
  };
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } as unknown as Logger & { lines: LogLine[] };
}

/** A clock the test moves. */
export function fixedClock(iso: string): { now: () => Date; set(iso: string): void } {
  let current = new Date(iso);
  return { now: () => new Date(current), set: (next) => (current = new Date(next)) };
}

export interface LifecycleAppOptions {
  entry: CatalogEntry;
  usage: UsageStore;
  clock: () => Date;
  logger?: Logger;
  catalog?: readonly CatalogEntry[];
}

/**
 * The version's router as the gateway builds it, reduced to the lifecycle policy: a stand-in for authentication sets
 * the caller (client id from `x-client`, default c1), then the policy, then a few routes, then the problem handler.
 */
export function lifecycleApp(options: LifecycleAppOptions): Express {
  const logger = options.logger ?? captureLogger();
  const app = express();
  app.use((request, response, next) => {
    response.locals.caller = { clientId: request.get('x-client') ?? 'c1', plan: 'x', scopes: new Set<string>() };
    next();
  });
  const router = express.Router();
  router.use(createLifecycle({ entry: options.entry, catalog: options.catalog ?? CATALOG, usage: options.usage, logger, clock: options.clock }));
  router.get('/things', (_request, response) => {
    response.json({ ok: true });
  });
  router.get('/things/:id', (request, _response, next) => {
    next(new GatewayError('ERR_NOT_FOUND', `thing '${request.params.id}' does not exist`));
  });
  router.get('/paged', (_request, response) => {
    // What tsoa does with a controller's header: replace, not append.
    response.set('Link', '</paged?page=2>; rel="next"');
    response.json([]);
  });
  app.use(options.entry.basePath, router);
  app.use(routeNotFound);
  app.use(createProblemHandler(logger));
  return app;
}
