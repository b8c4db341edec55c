/**
 * `GET /metrics` in the Prometheus text format, served one of two ways (`metrics.port`):
 * - on the main port, behind the authentication policy and the same scope check tsoa's routes use
 *   (`operations.read`): no token is a 401 with `WWW-Authenticate`, a token without the scope a 403 problem;
 * - on a separate port of its own (bound to `metrics.host`, 127.0.0.1 by default), unauthenticated, for a scraper on
 *   a private network; the main port then has no /metrics at all.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { expressAuthentication, OAUTH2_SCHEME } from '../auth/express-authentication';
import type { Logger } from '../logger';
import { publicHost } from '../http/public-host';
import { createHttpServer, type ServerLimits } from '../http/server';
import { attributeFailures } from './policy-decisions';
import type { MetricsRegistry } from './registry';

export const METRICS_PATH = '/metrics';
export const METRICS_SCOPES: readonly string[] = ['operations.read'];

/** Answers with every metric of the registry (collect-time gauges are read now). */
export function metricsHandler(registry: MetricsRegistry): RequestHandler {
  return async (_request, response, next) => {
    try {
      const text = await registry.metrics();
      response.setHeader('Cache-Control', 'no-store');
      response.type(registry.contentType).send(text);
    } catch (error) {
      next(error);
    }
  };
}

/** Needs the scopes of `METRICS_SCOPES`, checked exactly as a tsoa `@Security('oauth2', [...])` route checks them. */
const requireMetricsScopes: RequestHandler = async (request, _response, next) => {
  try {
    await expressAuthentication(request, OAUTH2_SCHEME, [...METRICS_SCOPES]);
    next();
  } catch (error) {
    next(error);
  }
};

/** The main port's /metrics: authentication, the scope check, then the metrics. */
export function authenticatedMetricsRoute(registry: MetricsRegistry, authentication: RequestHandler): RequestHandler[] {
  return [attributeFailures('authentication', authentication), attributeFailures('authorization', requireMetricsScopes), metricsHandler(registry)];
}

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464 */
  url: string;
  close(): Promise<void>;
}

/** The separate metrics port: GET /metrics only, nothing else (404), no token; the main port's `server.*` limits. */
export async function startMetricsServer(options: { registry: Pick<MetricsRegistry, 'metrics' | 'contentType'>; host: string; port: number; limits: ServerLimits; logger: Logger }): Promise<MetricsServer> {
  const { registry, logger } = options;
  const server = createHttpServer(options.limits, (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: this port serves GET /metrics only\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        logger.error('metrics: a scrape failed', { error: error instanceof Error ? error.message : String(error) });
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be collected\n');
      },
    );
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const url = `http://${publicHost(options.host)}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
