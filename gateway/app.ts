/**
 * Assembles the gateway's express app: the policy chain in its declared order, health, the portal, one router
 * per catalogued API version (body parsing, then tsoa's generated routes), and the problem handler.
 */
import express, { type Express, type RequestHandler } from 'express';
import type { CatalogEntry } from '../openapi/catalog';
import { createPortalRouter, PORTAL_PATH } from '../openapi/portal';
import { createAccessLog } from '../policies/access-log';
import { createBodyParsing } from '../policies/body-parsing';
import { createCorrelation } from '../policies/correlation';
import { API_MODULES, type ApiDependencies, type ApiModule } from './api-modules';
import { createHealthRouter, type ReadinessCheck } from './health';
import { CONTROLLERS_LOCAL, ControllerRegistry } from './ioc';
import { createProblemHandler, routeNotFound } from './problem-handler';

export interface GatewayAppOptions {
  catalog: readonly CatalogEntry[];
  deps: ApiDependencies;
  readiness: readonly ReadinessCheck[];
  version: string;
}

/** The policies every request passes, in this order. Pinned by a test; later policies slot in here. */
export const POLICY_ORDER = ['correlation', 'access-log'] as const;
type PolicyName = (typeof POLICY_ORDER)[number];

function createPolicies(deps: ApiDependencies): Record<PolicyName, RequestHandler> {
  return {
    correlation: createCorrelation(),
    'access-log': createAccessLog(deps.logger),
  };
}

/** The versions the gateway serves: every catalog entry that is not retired, each with its module. */
export function servedVersions(catalog: readonly CatalogEntry[]): Array<{ entry: CatalogEntry; module: ApiModule }> {
  const served = catalog.filter((entry) => entry.status !== 'retired');
  for (const id of Object.keys(API_MODULES)) {
    if (!catalog.some((entry) => entry.id === id)) throw new Error(`API module ${id} is not in openapi/catalog.yaml`);
  }
  return served.map((entry) => {
    const module = API_MODULES[entry.id];
    if (!module) throw new Error(`openapi/catalog.yaml lists ${entry.id}, but no API module serves it (gateway/api-modules.ts)`);
    return { entry, module };
  });
}

export function createGatewayApp(options: GatewayAppOptions): Express {
  const { deps } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  const versions = servedVersions(options.catalog);
  app.locals[CONTROLLERS_LOCAL] = new ControllerRegistry(versions.flatMap(({ module }) => module.createControllers(deps)));

  const policies = createPolicies(deps);
  for (const name of POLICY_ORDER) app.use(policies[name]);

  app.use('/health', createHealthRouter({ checks: options.readiness, timeoutMs: 3000, version: options.version }));
  app.use(PORTAL_PATH, createPortalRouter(options.catalog));
  app.get('/', (_request, response) => response.redirect(302, `${PORTAL_PATH}/`));

  for (const { entry, module } of versions) {
    const router = express.Router();
    router.use(createBodyParsing({ limitBytes: deps.config.server.jsonBodyLimitBytes, mediaTypes: module.mediaTypes }));
    module.registerRoutes(router);
    app.use(entry.basePath, router);
  }

  app.use(routeNotFound);
  app.use(createProblemHandler(deps.logger));
  return app;
}
