/**
 * How a tier reads the answer of the next tier's API: a 404 is "no such thing", a 409/422 keeps the callee's
 * business refusal, and any other 4xx is our own bug (we sent something the contract does not allow), so it
 * becomes a 502 naming the callee rather than blaming our caller.
 */
import { AxiosError } from 'axios';
import { GatewayError, PROBLEM_CODES, type ProblemCode } from '../errors';
import { PlatformResponseError } from './platform-client';

/**
 * One path segment of a call to the next tier, percent-encoded. A `.` or `..` cannot be sent at all: URLs resolve
 * them however they are spelt (`%2E` included, WHATWG URL), so `/orders/.` would call `/orders/`, another route.
 * No resource is named so: 404. Found by test/security/fuzz (GET /partner/customers/v1/orders/. answered 500).
 */
export function pathSegment(value: string): string {
  if (value === '.' || value === '..') throw new GatewayError('ERR_NOT_FOUND', `Nothing is named '${value}'`);
  return encodeURIComponent(value);
}

/**
 * A 5xx problem from the next tier already says what failed at the far end (the ERP timed out, the WMS is down):
 * pass its code and detail on rather than "the next tier failed".
 */
function relayedProblem(error: GatewayError): GatewayError {
  const cause = error.cause;
  if (!(cause instanceof AxiosError)) return error;
  const body = cause.response?.data as { code?: unknown; detail?: unknown } | undefined;
  const code = typeof body?.code === 'string' && body.code in PROBLEM_CODES ? (body.code as ProblemCode) : undefined;
  if (!code || PROBLEM_CODES[code].status < 500 || !PROBLEM_CODES[code].expose || typeof body?.detail !== 'string') return error;
  const retryAfter = cause.response?.headers?.['retry-after'];
  return new GatewayError(code, body.detail, { cause, headers: typeof retryAfter === 'string' ? { 'Retry-After': retryAfter } : {} });
}

export function nextTierError(error: unknown): unknown {
  if (error instanceof GatewayError) return relayedProblem(error);
  if (!(error instanceof PlatformResponseError)) return error;
  const body = (error.body ?? {}) as { detail?: unknown; orderId?: unknown };
  const detail = typeof body.detail === 'string' ? body.detail : `${error.platform} answered ${error.status}`;
  if (error.status === 409) return new GatewayError('ERR_CONFLICT', detail, { cause: error, extensions: conflictExtensions(body) });
  if (error.status === 422) return new GatewayError('ERR_UNPROCESSABLE', detail, { cause: error });
  // The callee's own words stay in our log (the cause), not in the answer: they describe our internals.
  return new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `An internal call failed (${error.platform} answered ${error.status})`, { cause: Object.assign(error, { message: `${error.message}: ${detail}` }) });
}

/** A conflict names the existing resource (orderId, salesOrderNumber...): keep those members for our caller. */
function conflictExtensions(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['orderId', 'salesOrderNumber', 'releaseId']) if (typeof body[key] === 'string') out[key] = body[key];
  return out;
}

/** The answer's data; tier errors mapped as above. */
export async function answer<T>(call: Promise<{ data: T }>): Promise<T> {
  try {
    return (await call).data;
  } catch (error) {
    throw nextTierError(error);
  }
}

/** The answer's data, or undefined when the callee says 404. */
export async function answerOrUndefined<T>(call: Promise<{ data: T }>): Promise<T | undefined> {
  try {
    return (await call).data;
  } catch (error) {
    if (error instanceof PlatformResponseError && error.status === 404) return undefined;
    throw nextTierError(error);
  }
}
