/**
 * `gateway_policy_decisions_total{policy, status, reason}`: requests a policy turned away (401, 403, 410, 429, and
 * 503 when a policy failed closed), with the problem code as the reason.
 *
 * Counted in one place: every such answer is a problem, and the problem handler leaves it in
 * `response.locals.problem`; the request observer reads it when the response finishes. Which policy refused is
 * recorded by `attributeFailures`, which gateway/app.ts wraps around each policy of the API chain (and the /metrics
 * route's): the code alone cannot tell a 503 of throttling from one of idempotency.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter } from 'prom-client';
import type { MetricsRegistry } from './registry';

/** The `response.locals` key naming the policy whose failure the request ends in. */
export const FAILED_POLICY_LOCAL = 'failedPolicy';

/** Statuses that are always a policy's decision when a problem carries them. */
const DECISION_STATUSES = new Set([401, 403, 410, 429]);

/** Who refused when no policy said so: tsoa's scope check in the generated route (or a service's ownership check). */
const DEFAULT_POLICY: Readonly<Record<number, string>> = { 401: 'authentication', 403: 'authorization', 410: 'lifecycle', 429: 'throttling' };

/**
 * Runs `handler` and, when it passes an error on, notes `policy` as the one that failed (the first to fail wins).
 * A handler that throws, or returns a rejected promise, is handled like express 5 would: the error goes to `next`.
 */
export function attributeFailures(policy: string, handler: RequestHandler): RequestHandler {
  return (request, response, next) => {
    const noting: NextFunction = (error?: unknown) => {
      if (error !== undefined && error !== 'route' && error !== 'router') response.locals[FAILED_POLICY_LOCAL] ??= policy;
      next(error);
    };
    let result: unknown;
    try {
      result = handler(request, response, noting);
    } catch (error) {
      noting(error);
      return;
    }
    if (result instanceof Promise) result.catch((error: unknown) => noting(error ?? new Error('policy rejected')));
  };
}

export interface PolicyDecision {
  policy: string;
  status: number;
  reason: string;
}

/** The policy decision a finished response carries, if it is one. */
export function policyDecisionOf(response: Pick<Response, 'locals'>): PolicyDecision | undefined {
  const problem = response.locals.problem as { code?: string; status?: number } | undefined;
  if (!problem?.code || problem.status === undefined) return undefined;
  const policy = response.locals[FAILED_POLICY_LOCAL] as string | undefined;
  if (DECISION_STATUSES.has(problem.status)) return { policy: policy ?? DEFAULT_POLICY[problem.status] ?? 'unknown', status: problem.status, reason: problem.code };
  // A 503 counts only when a policy failed closed (state store, token issuer); a platform's 503 is not a decision.
  if (problem.status === 503 && policy) return { policy, status: 503, reason: problem.code };
  return undefined;
}

export interface PolicyDecisionMetrics {
  observe(request: Request, response: Response): void;
}

export function createPolicyDecisionMetrics(registry: MetricsRegistry): PolicyDecisionMetrics {
  const decisions = new Counter({
    name: 'gateway_policy_decisions_total',
    help: 'Requests a policy refused (401, 403, 410, 429; 503 when a policy failed closed), by policy, status and problem code',
    labelNames: ['policy', 'status', 'reason'] as const,
    registers: [registry],
  });
  return {
    observe(_request, response) {
      const decision = policyDecisionOf(response);
      if (decision) decisions.inc({ policy: decision.policy, status: String(decision.status), reason: decision.reason });
    },
  };
}
