/**
 * One API version behind the gateway's own body parsing, correlation and problem handling, without the rest of the
 * gateway: for HTTP-level tests of a single API's routes against real platforms (sandboxes), with supertest.
 */
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import { describeEntry, loadCatalog, PROJECT_ROOT } from '../../openapi/catalog';
import { createBodyParsing } from '../../policies/body-parsing';
import { createCorrelation } from '../../policies/correlation';
import { CONTROLLERS_LOCAL, ControllerRegistry, type ControllerFactory } from '../../gateway/ioc';
import { createProblemHandler, routeNotFound } from '../../gateway/problem-handler';
import { createLogger } from '../../gateway/logger';
import type { Caller } from '../../gateway/auth/caller';
import { SCOPE_NAMES } from '../../gateway/auth/scopes';

/**
 * The caller these route tests act as: an internal client holding every scope. Authentication and scopes are
 * tested through the whole gateway (test/integration/security*.test.ts); these tests are about one API's routes.
 */
export const ALL_SCOPES_CALLER: Caller = Object.freeze({ clientId: 'route-tests', plan: 'internal', scopes: new Set<string>(SCOPE_NAMES) });

export function createApiTestApp(entryId: string, controllers: ControllerFactory[], options: { jsonBodyLimitBytes?: number; caller?: Caller } = {}): Express {
  const entry = loadCatalog().find((candidate) => candidate.id === entryId) ?? describeEntry(parseId(entryId));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated per build; loaded by path on purpose
  const { RegisterRoutes } = require(path.join(PROJECT_ROOT, entry.sourceDir, 'routes.generated')) as { RegisterRoutes: (router: Router) => void };
  const app = express();
  app.disable('x-powered-by');
  app.locals[CONTROLLERS_LOCAL] = new ControllerRegistry(controllers);
  app.use(createCorrelation());
  app.use((_request, response, next) => {
    response.locals.caller = options.caller ?? ALL_SCOPES_CALLER;
    next();
  });
  const router = express.Router();
  router.use(createBodyParsing({ limitBytes: options.jsonBodyLimitBytes ?? 262_144 }));
  RegisterRoutes(router);
  app.use(entry.basePath, router);
  app.use(routeNotFound);
  app.use(createProblemHandler(createLogger({ level: 'silent' })));
  return app;
}

function parseId(id: string): Parameters<typeof describeEntry>[0] {
  const match = /^(system|process|partner)\/([a-z][a-z0-9-]*)\/v(\d+)$/.exec(id);
  if (!match) throw new Error(`not an API version id: ${id}`);
  return { tier: match[1] as 'system', api: match[2] as string, version: Number(match[3]), title: id, description: id, status: 'active', releasedOn: '2026-01-01' };
}
