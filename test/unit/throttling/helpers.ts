/** Shared by the throttling tests: plans, a real express app around the policy, a readable log, Redis clients. */
import express, { type Express, type Request } from 'express';
import Redis from 'ioredis';
import type { PlanConfig } from '../../../gateway/config';
import type { Logger } from '../../../gateway/logger';
import { createProblemHandler } from '../../../gateway/problem-handler';
import type { Throttling } from '../../../policies/throttling';

export const ORDERS = '/partner/orders/v1/orders';
export const SUBMIT_ORDER = `POST ${ORDERS}`;

/** Small limits so the tests are fast; windows of a minute so nothing resets mid-test unless a test wants it to. */
export const PLANS: Record<string, PlanConfig> = {
  bronze: { limit: 5, windowSeconds: 60, operations: { [SUBMIT_ORDER]: { limit: 2, windowSeconds: 60 } } },
  gold: { limit: 10, windowSeconds: 60, operations: {} },
  metered: { limit: 100, windowSeconds: 60, dailyQuota: 3, operations: {} },
  brief: { limit: 2, windowSeconds: 1, operations: {} },
};

/** Tests name their operations plainly: every route here is static. */
export const operationOf = (request: Request): string => `${request.method} ${request.path}`;

/**
 * A real express app: a stand-in for authentication (`X-Test-Client` / `X-Test-Plan` become the caller), the policy,
 * routes, and the real problem handler.
 */
export function throttledApp(throttling: Throttling, logger: Logger): Express {
  const app = express();
  app.use((request, response, next) => {
    const clientId = request.get('x-test-client');
    if (clientId) response.locals.caller = { clientId, plan: request.get('x-test-plan') ?? 'bronze', scopes: new Set<string>() };
    next();
  });
  app.use(throttling.handler);
  app.get(ORDERS, (_request, response) => {
    response.json({ orders: [] });
  });
  app.post(ORDERS, (_request, response) => {
    response.status(201).json({ orderId: '42' });
  });
  app.get('/partner/orders/v1/invoices', (_request, response) => {
    response.json({ invoices: [] });
  });
  app.use(createProblemHandler(logger));
  return app;
}

/**
 * A request-role client as the gateway makes them (gateway/state/redis.ts): one retry, a command timeout, no offline
 * queue, quick reconnection. Resolves once ready.
 */
export async function requestClient(url: string): Promise<Redis> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500, enableOfflineQueue: false, connectTimeout: 500, retryStrategy: () => 50 });
  client.on('error', () => undefined); // outages are what these tests cause
  await untilReady(client);
  return client;
}

export function untilReady(client: Redis, timeoutMs = 5000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis client not ready within ${timeoutMs} ms (${client.status})`)), timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Skips (loudly) when there is no redis-server to start, unless REQUIRE_REDIS=1 makes that a failure. */
export function noDedicatedRedis(context: Mocha.Context): never {
  const message = 'NO redis-server on PATH: the Redis outage suites are SKIPPED';
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`${message}, and REQUIRE_REDIS=1`);
  console.warn(`\n  !!! ${message} !!!\n`);
  context.skip();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { appLog, flushLog } from '../../support/app-log';
