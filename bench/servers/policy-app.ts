/**
 * The policy-overhead scenario's server: one express app built the same way twice, as gateway/app.ts builds a
 * version's router. `policies`: the request-wide chain (requestPolicies: correlation, access log, security headers,
 * CORS), then the API chain of partner/customers/v2 (apiPolicies over buildApiPolicies: API version, audit,
 * authentication with the built-in issuer's ES256 keys, lifecycle, throttling by plan on Redis, body parsing,
 * idempotency) and the operation's scope check (tsoa's expressAuthentication) in front of a no-op handler.
 * `bare`: the same app and handler with no policy. Usage: policy-app.ts bare|policies.
 * Both open a control port (bench/lib/control-server.ts) for the policy-cost scenario.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { apiPolicies, requestPolicies } from '../../gateway/app';
import { API_MODULES } from '../../gateway/api-modules';
import { buildApiPolicies } from '../../gateway/api-policies';
import { expressAuthentication, OAUTH2_SCHEME } from '../../gateway/auth/express-authentication';
import { createGatewayAuth } from '../../gateway/auth/setup';
import { createLogger } from '../../gateway/logger';
import { createGatewayMetrics } from '../../gateway/metrics';
import { createProblemHandler, routeNotFound } from '../../gateway/problem-handler';
import { createSharedState } from '../../gateway/state/setup';
import { loadCatalog } from '../../openapi/catalog';
import { createAuditLog } from '../../policies/audit';
import { announceReady } from '../lib/child';
import { startControlServer } from '../lib/control-server';
import { benchConfig, benchEnvironment } from '../lib/bench-config';

/** The API whose chain is mounted: a partner API, so idempotency applies to POST. */
export const BENCH_API = 'partner/customers/v2';
export const NOOP_PATH = '/bench/noop';

export interface PolicyAppInfo {
  url: string;
  /** Where the no-op answers, e.g. http://127.0.0.1:1234/partner/customers/v2/bench/noop. */
  noopUrl: string;
  /** The control port (bench/lib/control-server.ts): CPU time and in-process profiles. */
  controlUrl: string;
  /** The built-in token endpoint (policies mode only). */
  tokenUrl?: string;
}

const noop: RequestHandler = (_request, response) => {
  response.json({ ok: true });
};

function requireScope(scope: string): RequestHandler {
  return (request, _response, next) => {
    expressAuthentication(request, OAUTH2_SCHEME, [scope]).then(() => next(), next);
  };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'bare' && mode !== 'policies') throw new Error('usage: policy-app.ts bare|policies');
  const bench = benchEnvironment();
  const dataDir = path.join(bench.BENCH_DATA_DIR, `policy-app-${mode}`);
  mkdirSync(dataDir, { recursive: true });
  const config = benchConfig({ ...bench, BENCH_DATA_DIR: dataDir });
  const logFile = createWriteStream(path.join(dataDir, 'app.log'));
  const logger = createLogger({ level: config.log.level, redactKeys: config.log.redactKeys, stream: logFile });
  const catalog = loadCatalog();
  const entry = catalog.find((candidate) => candidate.id === BENCH_API);
  if (!entry) throw new Error(`${BENCH_API} is not in the catalog`);

  const control = await startControlServer(dataDir);
  const server = http.createServer();
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const router = express.Router({ caseSensitive: true });
  const closers: Array<() => Promise<unknown>> = [];
  if (mode === 'policies') {
    const auth = await createGatewayAuth(config, url, dataDir, logger);
    closers.push(() => auth.close());
    const auditLog = await createAuditLog({ file: path.join(dataDir, 'audit.log'), instanceId: `bench-${process.pid}`, logger, bufferLimit: config.audit.bufferLimit, redactKeys: config.log.redactKeys });
    closers.push(() => auditLog.close());
    const state = await createSharedState(config, logger);
    closers.push(() => state.close());
    const built = await buildApiPolicies({ config, logger, catalog, authentication: auth.authentication, auditLog, state });
    closers.unshift(() => built.close());
    const metrics = createGatewayMetrics({ config, logger, state });
    closers.unshift(() => metrics.close());
    for (const policy of requestPolicies({ deps: { config, logger }, metrics: { observe: metrics.requestObserver(built.operationOf) } })) app.use(policy);
    if (auth.authorizationServer) app.use(auth.authorizationServer);
    router.use(apiPolicies(entry, API_MODULES[entry.id], { policies: built.policies, deps: { config } }));
    router.get(NOOP_PATH, requireScope('partner.orders.read'), noop);
    router.post(NOOP_PATH, requireScope('partner.orders.write'), noop);
  } else {
    router.get(NOOP_PATH, noop);
    router.post(NOOP_PATH, noop);
  }
  app.use(entry.basePath, router);
  app.use(routeNotFound);
  app.use(createProblemHandler(logger));
  server.on('request', app);

  const info: PolicyAppInfo = { url, noopUrl: `${url}${entry.basePath}${NOOP_PATH}`, controlUrl: control.url, ...(mode === 'policies' ? { tokenUrl: `${url}/oauth/token` } : {}) };
  announceReady(info, async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    for (const close of closers) await close();
    await control.close();
    logFile.end();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`policy-app failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
