/**
 * The policy-overhead scenario's server: one express app built the same way twice, as gateway/app.ts builds a
 * version's router. `policies`: the request-wide chain (requestPolicies: correlation, access log, security headers,
 * CORS), then the API chain of partner/customers/v2 (apiPolicies over buildApiPolicies: API version, audit,
 * authentication with the built-in issuer's ES256 keys, lifecycle, throttling by plan on Redis, body parsing,
 * idempotency) and the operation's scope check (tsoa's expressAuthentication) in front of a no-op handler.
 * `bare`: the same app and handler with no policy. Usage: policy-app.ts bare|policies.
 * Both also answer CPU_PATH and PROFILE_PATH, outside every policy, for the policy-cost scenario.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector/promises';
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
import { benchConfig, benchEnvironment } from '../lib/bench-config';

/** The API whose chain is mounted: a partner API, so idempotency applies to POST. */
export const BENCH_API = 'partner/customers/v2';
export const NOOP_PATH = '/bench/noop';
/** The process's CPU time so far (`process.cpuUsage()`), outside every policy. */
export const CPU_PATH = '/bench/cpu';
/** POST starts a CPU profile (V8's sampling profiler, in process); DELETE stops it and answers `{ file }`. */
export const PROFILE_PATH = '/bench/profile';

export interface PolicyAppInfo {
  url: string;
  /** Where the no-op answers, e.g. http://127.0.0.1:1234/partner/customers/v2/bench/noop. */
  noopUrl: string;
  /** GET: the server's `process.cpuUsage()`. */
  cpuUrl: string;
  /** POST: start a CPU profile; DELETE: stop it, `{ file }`. */
  profileUrl: string;
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

  const server = http.createServer();
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Before every policy: the policy-cost scenario reads the server's own CPU time (µs, all threads) around a load.
  app.get(CPU_PATH, (_request, response) => {
    response.json(process.cpuUsage());
  });
  // A profile of the load alone (--cpu-prof would span start-up too: module loading, key generation).
  const profiler = new inspector.Session();
  profiler.connect();
  app.post(PROFILE_PATH, (_request, response, next) => {
    profiler
      .post('Profiler.enable')
      .then(() => profiler.post('Profiler.start'))
      .then(() => response.status(204).end(), next);
  });
  app.delete(PROFILE_PATH, (_request, response, next) => {
    profiler
      .post('Profiler.stop')
      .then(({ profile }) => {
        const file = path.join(dataDir, `load-${Date.now()}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        response.json({ file });
      }, next);
  });
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

  const info: PolicyAppInfo = { url, noopUrl: `${url}${entry.basePath}${NOOP_PATH}`, cpuUrl: `${url}${CPU_PATH}`, profileUrl: `${url}${PROFILE_PATH}`, ...(mode === 'policies' ? { tokenUrl: `${url}/oauth/token` } : {}) };
  announceReady(info, async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    for (const close of closers) await close();
    logFile.end();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`policy-app failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
