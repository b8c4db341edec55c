/**
 * OWASP API9:2023 Improper Inventory Management.
 *
 * Threat: routes nobody documented — a debug endpoint, an old version left mounted, a controller method without a
 * spec entry — are served, unreviewed and unprotected by what the catalog drives (lifecycle, throttling by
 * operation, the portal's docs), and forgotten.
 *
 * Proven here:
 * - walking the express router stack of a started gateway, every route it serves is documented by a published spec
 *   (an operation of openapi/{tier}/{api}/v{n}.json under that catalog entry's basePath, same method and path) or
 *   is one of a short, explicit list of non-API surfaces (health, portal, OAuth and .well-known, /metrics, the root
 *   redirect);
 * - every route each API module registers with tsoa is an operation of its own spec, and every spec operation is
 *   served (no documented-but-missing operation either); retired catalog versions serve no operation;
 * - the walk is real: a fresh app given an undocumented route (inside an API and beside one) is caught.
 */
import assert from 'node:assert/strict';
import express, { type Express, type Router } from 'express';
import { API_MODULES } from '../../../gateway/api-modules';
import { loadCatalog } from '../../../openapi/catalog';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { publishedOperations, servedEntries } from './support';

interface ServedRoute {
  method: string;
  path: string;
}

/** Non-API surfaces that answer outside the catalog, each with why it is not in a spec. */
const NON_API_SURFACES: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /^\/health(\/|$)/, why: 'liveness and readiness probes' },
  { pattern: /^\/portal(\/|$)/, why: 'the developer portal, the catalog and the specs themselves' },
  { pattern: /^\/oauth\/token$/, why: 'the built-in authorization server (RFC 6749)' },
  { pattern: /^\/\.well-known\/(jwks\.json|oauth-authorization-server)$/, why: 'key set and server metadata (RFC 7517, RFC 8414)' },
  { pattern: /^\/metrics$/, why: 'Prometheus metrics (operations.read)' },
  { pattern: /^\/$/, why: 'redirects to the portal' },
];

type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: string | string[] };

/** Every route (method and full path) an express app or router serves, following mounted routers. */
export function servedRoutes(stack: readonly Layer[], prefix = ''): ServedRoute[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = [layer.route.path].flat();
      return paths.flatMap((routePath) =>
        Object.entries(layer.route!.methods)
          .filter(([method, on]) => on && method !== '_all')
          .map(([method]) => ({ method: method.toUpperCase(), path: `${prefix}${routePath}`.replace(/\/$/, '') || '/' })),
      );
    }
    if (layer.handle?.stack) {
      const mount = [layer.rawPath ?? '/'].flat()[0] as string;
      return servedRoutes(layer.handle.stack, `${prefix}${mount === '/' ? '' : mount}`);
    }
    return [];
  });
}

function stackOf(app: Express): Layer[] {
  const router = (app as unknown as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } }).router ?? (app as unknown as { _router: { stack: Layer[] } })._router;
  return router.stack;
}

/** `/orders/:orderId` → `/orders/{orderId}`, as specs write it. */
const asTemplate = (routePath: string) => routePath.replace(/:(\w+)/g, '{$1}');

/** The routes of `stack` neither documented by a published spec nor a listed non-API surface. */
function undocumented(routes: readonly ServedRoute[]): string[] {
  const documented = new Set(publishedOperations().map((operation) => `${operation.method.toUpperCase()} ${operation.entry.basePath}${operation.template}`));
  return routes
    .filter((route) => !['HEAD', 'OPTIONS'].includes(route.method))
    .filter((route) => !documented.has(`${route.method} ${asTemplate(route.path)}`))
    .filter((route) => !NON_API_SURFACES.some((surface) => surface.pattern.test(route.path)))
    .map((route) => `${route.method} ${route.path}`);
}

function moduleRoutes(id: string): ServedRoute[] {
  const router: Router = express.Router();
  API_MODULES[id]!.registerRoutes(router);
  return servedRoutes((router as unknown as { stack: Layer[] }).stack);
}

describe('OWASP API9:2023 improper inventory management', function () {
  this.timeout(60_000);
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway();
  });
  after(async () => {
    await gateway?.stop();
  });

  it('serves no route a published spec does not document, apart from the listed non-API surfaces', () => {
    const routes = servedRoutes(stackOf(gateway.app));
    const apiRoutes = routes.filter((route) => servedEntries().some((entry) => route.path.startsWith(`${entry.basePath}/`)));
    assert.ok(apiRoutes.length >= publishedOperations().length, `the walk found the API routes (${apiRoutes.length})`);
    assert.ok(routes.some((route) => route.path === '/oauth/token') && routes.some((route) => route.path.startsWith('/health')), 'and the non-API ones');
    assert.deepEqual(undocumented(routes), [], 'routes served without a spec documenting them');
  });

  it('registers, per API module, exactly the operations of its spec: none undocumented, none missing', () => {
    for (const entry of servedEntries()) {
      const registered = moduleRoutes(entry.id).map((route) => `${route.method} ${entry.basePath}${asTemplate(route.path)}`);
      const documented = publishedOperations().filter((operation) => operation.entry.id === entry.id).map((operation) => `${operation.method.toUpperCase()} ${entry.basePath}${operation.template}`);
      assert.deepEqual([...new Set(registered)].sort(), [...documented].sort(), `${entry.id}: tsoa's routes are its spec's operations`);
    }
    for (const entry of loadCatalog().filter((candidate) => candidate.status === 'retired')) {
      const served = servedRoutes(stackOf(gateway.app)).filter((route) => route.path.startsWith(`${entry.basePath}/`));
      assert.deepEqual(served, [], `retired ${entry.id} serves no operation`);
    }
  });

  it('catches an undocumented route added to a fresh app, inside an API version and beside it', () => {
    const entry = servedEntries().find((candidate) => candidate.id === 'partner/customers/v2')!;
    const app = express();
    const router = express.Router({ caseSensitive: true });
    API_MODULES[entry.id]!.registerRoutes(router);
    app.use(entry.basePath, router);
    app.get('/health/live', (_request, response) => {
      response.end();
    });
    assert.deepEqual(undocumented(servedRoutes(stackOf(app))), [], 'a faithful copy is clean');

    router.get('/orders/:orderId/debug', (_request, response) => {
      response.end();
    });
    app.post('/admin/reset', (_request, response) => {
      response.end();
    });
    assert.deepEqual(undocumented(servedRoutes(stackOf(app))), ['GET /partner/customers/v2/orders/:orderId/debug', 'POST /admin/reset']);
  });
});
