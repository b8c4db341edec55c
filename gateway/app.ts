/**
 * Assembles the gateway's express app: the request-wide policies, the unauthenticated surfaces (health, portal,
 * the built-in authorization server), then one router per catalogued API version running the API policy chain in
 * its declared order before tsoa's generated routes, and the problem handler last.
 */
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { CatalogEntry } from '../openapi/catalog';
import { createPortalRouter, PORTAL_PATH } from '../openapi/portal';
import { createAccessLog } from '../policies/access-log';
import { createBodyParsing } from '../policies/body-parsing';
import { createCorrelation } from '../policies/correlation';
import { createCors } from '../policies/cors';
import { createRequestHygiene } from '../policies/request-hygiene';
import { createUnknownVersionHandler } from '../policies/lifecycle/unknown-version';
import { createSecurityHeaders } from '../policies/security-headers';
import { API_MODULES, type ApiDependencies, type ApiModule } from './api-modules';
import { createHealthRouter, type ReadinessCheck } from './health';
import { CONTROLLERS_LOCAL, ControllerRegistry } from './ioc';
import { attributeFailures } from './metrics/policy-decisions';
import { METRICS_PATH } from './metrics/metrics-endpoint';
import { createProblemHandler, routeNotFound } from './problem-handler';

export interface GatewayAppOptions {
  catalog: readonly CatalogEntry[];
  deps: ApiDependencies;
  readiness: readonly ReadinessCheck[];
  version: string;
  /** The API policies built by the runtime (they hold keys, files and connections). */
  policies: ApiPolicies;
  /** The built-in authorization server's routes (token endpoint, JWKS, metadata), when it is on. */
  authorizationServer?: Router;
  /** The external identity provider's token endpoint, for the portal's try-it (absent with the built-in server). */
  portalTokenUrl?: string;
  /** The gateway's metrics (gateway/metrics): the `metrics` request policy, and the main port's /metrics route when served there. */
  metrics?: { observe: RequestHandler; route?: RequestHandler[] };
}

export interface ApiPolicies {
  authentication: RequestHandler;
  audit?: RequestHandler;
  /** The catalog-driven lifecycle of one version (deprecation headers, usage, 410 after sunset and in brownouts). */
  lifecycle: (entry: CatalogEntry) => RequestHandler;
  throttling?: RequestHandler;
  /** Applied to the process and partner tiers, whose unsafe operations create things. */
  idempotency?: RequestHandler;
}

/**
 * Policies every request passes, API or not, in this order. Security headers and CORS come after the access log so
 * a preflight answered by CORS is logged and carries the security headers too. Metrics observe every response from
 * there too (a preflight included), after correlation so a request's timing starts as its log line's does. Request
 * hygiene (repeated Authorization, too many header fields) comes last, so its refusals are logged, counted and carry
 * the security headers like any other problem.
 */
export const REQUEST_POLICY_ORDER = ['correlation', 'access-log', 'metrics', 'security-headers', 'cors', 'request-hygiene'] as const;

/**
 * Policies every API request passes, in this order, before tsoa's route (which validates the request and checks
 * the operation's scopes). Pinned by a test. Audit comes before authentication so denied calls are recorded;
 * lifecycle after it so usage of deprecated versions is counted per client; throttling before any body is read;
 * idempotency after body parsing, since the body is part of what a key stands for.
 */
export const API_POLICY_ORDER = ['api-version', 'audit', 'authentication', 'lifecycle', 'throttling', 'body-parsing', 'idempotency'] as const;

/** What a retired version still runs: enough to say who called and to answer 410 naming the successor. */
const RETIRED_POLICY_ORDER = ['api-version', 'audit', 'authentication', 'lifecycle'] as const;
type ApiPolicyName = (typeof API_POLICY_ORDER)[number];

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

/** Marks the response with the API version it belongs to, for the audit record and later policies. */
function apiVersionMarker(entry: CatalogEntry): RequestHandler {
  const apiVersion = Object.freeze({ tier: entry.tier, api: entry.api, version: entry.version });
  return (_request, response, next) => {
    response.locals.apiVersion = apiVersion;
    next();
  };
}

const passThrough: RequestHandler = (_request, _response, next) => next();

/** One version's API policy chain in API_POLICY_ORDER (RETIRED_POLICY_ORDER without a module); bench/ mounts it too. */
export function apiPolicies(
  entry: CatalogEntry,
  module: ApiModule | undefined,
  options: Pick<GatewayAppOptions, 'policies'> & { deps: Pick<ApiDependencies, 'config'> },
): RequestHandler[] {
  const { policies } = options;
  const chain: Record<ApiPolicyName, RequestHandler | RequestHandler[]> = {
    'api-version': apiVersionMarker(entry),
    audit: policies.audit ?? passThrough,
    authentication: policies.authentication,
    lifecycle: policies.lifecycle(entry),
    throttling: policies.throttling ?? passThrough,
    'body-parsing': createBodyParsing({ limitBytes: options.deps.config.server.jsonBodyLimitBytes, textLimitBytes: options.deps.config.server.textBodyLimitBytes, mediaTypes: module?.mediaTypes }),
    idempotency: entry.tier === 'system' ? passThrough : (policies.idempotency ?? passThrough),
  };
  // Each policy is wrapped to note its name when it refuses a request: the policy-decision metric's `policy` label.
  return (module ? API_POLICY_ORDER : RETIRED_POLICY_ORDER).flatMap((name) =>
    [chain[name]].flat().map((handler) => (handler === passThrough ? handler : attributeFailures(name, handler))),
  );
}

/** The request-wide policies in REQUEST_POLICY_ORDER; bench/ mounts the same chain in front of a no-op handler. */
export function requestPolicies(options: Pick<GatewayAppOptions, 'portalTokenUrl' | 'metrics'> & { deps: Pick<ApiDependencies, 'config' | 'logger'> }): RequestHandler[] {
  const { deps } = options;
  const policies: Record<(typeof REQUEST_POLICY_ORDER)[number], RequestHandler> = {
    correlation: createCorrelation(),
    'access-log': createAccessLog(deps.logger),
    metrics: options.metrics?.observe ?? passThrough,
    'security-headers': createSecurityHeaders({ hsts: deps.config.server.hsts, portalPath: PORTAL_PATH, ...(options.portalTokenUrl ? { tokenUrl: options.portalTokenUrl } : {}) }),
    cors: createCors(deps.config.server.cors),
    'request-hygiene': createRequestHygiene({ maxHeadersCount: deps.config.server.maxHeadersCount }),
  };
  return REQUEST_POLICY_ORDER.map((name) => policies[name]);
}

export function createGatewayApp(options: GatewayAppOptions): Express {
  const { deps } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  const versions = servedVersions(options.catalog);
  app.locals[CONTROLLERS_LOCAL] = new ControllerRegistry(versions.flatMap(({ module }) => module.createControllers(deps)));

  for (const policy of requestPolicies(options)) app.use(policy);

  app.use('/health', createHealthRouter({ checks: options.readiness, timeoutMs: 3000, version: options.version }));
  // Not an API: no audit record, no throttling; the token and scope check of the operations API (operations.read).
  if (options.metrics?.route) app.get(METRICS_PATH, ...options.metrics.route);
  app.use(PORTAL_PATH, createPortalRouter(options.catalog, options.portalTokenUrl ? { tokenUrl: options.portalTokenUrl } : {}));
  if (options.authorizationServer) app.use(options.authorizationServer);
  app.get('/', (_request, response) => response.redirect(302, `${PORTAL_PATH}/`));

  for (const { entry, module } of versions) {
    // Case-sensitive like the specs: /Orders is not /orders, so no policy keyed by operation can be sidestepped.
    const router = express.Router({ caseSensitive: true });
    router.use(apiPolicies(entry, module, options));
    module.registerRoutes(router);
    app.use(entry.basePath, router);
  }
  for (const entry of options.catalog.filter((candidate) => candidate.status === 'retired')) {
    app.use(entry.basePath, apiPolicies(entry, undefined, options));
  }

  app.use(createUnknownVersionHandler(options.catalog));
  app.use(routeNotFound);
  app.use(createProblemHandler(deps.logger));
  return app;
}
