/**
 * The request policy `metrics`: when a response finishes, one observation feeds the HTTP metrics, the policy
 * decisions and the per-minute activity. It names the operation with the specs' own matcher (built once by
 * gateway/api-policies.ts), from the path express has finished with: the raw path never becomes a label.
 */
import type { RequestHandler } from 'express';
import type { Caller } from '../auth/caller';
import type { PolicyDecisionMetrics } from './policy-decisions';
import type { RequestActivity } from './request-activity';
import { OUTSIDE_API, UNMATCHED_OPERATION, type RequestMetrics } from './request-metrics';

/** The spec's operation name for a request to an API version (`tier/api/vN`), from its method and full path. */
export type OperationOf = (apiVersionId: string, method: string, path: string) => string | undefined;

export interface RequestObserverOptions {
  operationOf: OperationOf;
  /** Absent when `metrics.enabled` is false. */
  requests?: RequestMetrics;
  decisions?: PolicyDecisionMetrics;
  /** The operations page's per-minute series: API requests only. */
  activity?: RequestActivity;
  clock?: () => number;
}

interface ApiVersionMark {
  tier: string;
  api: string;
  version: number;
}

export function createRequestObserver(options: RequestObserverOptions): RequestHandler {
  const clock = options.clock ?? Date.now;
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Set by the API chain's first policy; absent for the portal, health, /metrics and unknown routes.
      const mark = response.locals.apiVersion as ApiVersionMark | undefined;
      if (options.requests) {
        const labels = mark
          ? {
              tier: mark.tier,
              api: mark.api,
              version: `v${mark.version}`,
              operation: options.operationOf(`${mark.tier}/${mark.api}/v${mark.version}`, request.method, request.originalUrl.split('?')[0] ?? '/') ?? UNMATCHED_OPERATION,
            }
          : { ...OUTSIDE_API, operation: UNMATCHED_OPERATION };
        const plan = (response.locals.caller as Caller | undefined)?.plan ?? 'none';
        options.requests.observe({ ...labels, status: response.statusCode, plan, seconds });
      }
      options.decisions?.observe(request, response);
      if (mark) options.activity?.record(clock(), response.statusCode, seconds * 1000);
    });
    next();
  };
}
