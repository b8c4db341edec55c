/**
 * Health endpoints. Liveness says the process answers; readiness says it can do its job: every platform and
 * state store it uses answers within a bound. Bodies follow the IETF health-check response format
 * (application/health+json) so load balancers and humans read the same thing.
 */
import express, { type Router } from 'express';
import { toGatewayError } from './problem-handler';

export interface ReadinessCheck {
  /** Component name as shown in the body: "erp", "wms", "state". */
  name: string;
  /** Resolves when the component is usable; rejects (a GatewayError, ideally) when it is not. */
  check(): Promise<void>;
}

export interface HealthOptions {
  checks: readonly ReadinessCheck[];
  /** Longest a single check may take before it counts as down, in milliseconds. */
  timeoutMs: number;
  version: string;
}

const HEALTH_TYPE = 'application/health+json';

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<{ status: 'pass' | 'fail'; latencyMs: number; output?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check.check(), timeout]);
    return { status: 'pass', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const problem = toGatewayError(error);
    // Unexpected errors are summarised, not echoed: their text can hold anything.
    const output = problem.code === 'ERR_INTERNAL' ? 'the check failed unexpectedly' : problem.message;
    return { status: 'fail', latencyMs: Math.round(performance.now() - started), output };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthRouter(options: HealthOptions): Router {
  const router = express.Router();
  router.get('/live', (_request, response) => {
    response.type(HEALTH_TYPE).send(JSON.stringify({ status: 'pass', version: options.version }));
  });
  router.get('/ready', async (_request, response) => {
    const results = await Promise.all(options.checks.map(async (check) => [check.name, await runCheck(check, options.timeoutMs)] as const));
    const ready = results.every(([, result]) => result.status === 'pass');
    const checks = Object.fromEntries(results.map(([name, result]) => [name, [result]]));
    response
      .status(ready ? 200 : 503)
      .type(HEALTH_TYPE)
      .send(JSON.stringify({ status: ready ? 'pass' : 'fail', version: options.version, checks }));
  });
  return router;
}
