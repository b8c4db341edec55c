/**
 * Audit: one tamper-evident record per API request, written when the response is finished or when the client goes
 * away first: who called (and for whom), which API version and operation, what was decided and why, the status,
 * latency and sizes. It must run before authentication, so that denied requests are recorded too; everything it
 * records is read at the end of the request, from what later policies left on the response (all optional).
 *
 * Sources: the request context (correlation id, trace id), `response.locals.caller` (authentication),
 * `response.locals.apiVersion` (routing), `request.route` (the matched route pattern), `response.locals.problem`
 * (the problem handler), the `Idempotency-Key` request header.
 */
import type { Request, RequestHandler, Response } from 'express';
import { currentRequestContext } from '../../gateway/request-context';
import type { AuditLog, AuditRecordInput } from './audit-log';

export { AuditFileIntegrityError, createAuditLog, type AuditLog, type AuditLogOptions, type AuditLogStatus, type AuditRecordInput } from './audit-log';
export { verifyAuditFile, type AuditVerification } from './verify';

/** Problem codes that mean the gateway refused the caller (rather than failed or rejected the input). */
/**
 * Problems that are a policy's decision not to serve the call: authentication and scopes, a throttling limit, a
 * contract past its sunset or in a brownout. Everything else was allowed (and then succeeded or failed).
 */
const DENIAL_CODES: ReadonlySet<string> = new Set(['ERR_UNAUTHENTICATED', 'ERR_FORBIDDEN', 'ERR_AUTH_UNAVAILABLE', 'ERR_RATE_LIMITED', 'ERR_GONE']);
/** nginx's "client closed request": the status recorded when the client went away before any response was sent. */
export const CLIENT_CLOSED_REQUEST = 499;
const IDEMPOTENCY_KEY_MAX = 255;
const DETAIL_MAX = 1000;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `GET /orders/:orderId` as `GET /orders/{orderId}`, from express's matched route; undefined when none matched. */
function operationOf(request: Request): string | undefined {
  const routePath = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof routePath !== 'string') return undefined;
  return `${request.method} ${routePath.replace(/[:*]([A-Za-z0-9_$]+)/g, '{$1}')}`;
}

/** Counts the response body bytes the handlers write (before any transfer encoding). */
function countBytesOut(response: Response): { bytes: number } {
  const counter = { bytes: 0 };
  const count = (chunk: unknown, encoding: unknown): void => {
    if (typeof chunk === 'string') counter.bytes += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) counter.bytes += chunk.byteLength;
  };
  const write = response.write;
  const end = response.end;
  response.write = function auditedWrite(this: Response, ...args: unknown[]) {
    count(args[0], args[1]);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as Response['write'];
  response.end = function auditedEnd(this: Response, ...args: unknown[]) {
    if (typeof args[0] !== 'function') count(args[0], args[1]);
    return (end as (...a: unknown[]) => Response).apply(this, args);
  } as Response['end'];
  return counter;
}

function callerFields(locals: Record<string, unknown>): Pick<AuditRecordInput, 'client' | 'partner' | 'onBehalfOf'> {
  const caller = record(locals.caller);
  if (!caller) return {};
  const client = text(caller.clientId);
  const partner = text(caller.partnerId);
  const behalf = record(caller.onBehalfOf);
  const behalfClient = text(behalf?.clientId);
  const behalfPartner = text(behalf?.partnerId);
  return {
    ...(client ? { client } : {}),
    ...(partner ? { partner } : {}),
    ...(behalfClient ? { onBehalfOf: { client: behalfClient, ...(behalfPartner ? { partner: behalfPartner } : {}) } } : {}),
  };
}

function apiFields(locals: Record<string, unknown>): Pick<AuditRecordInput, 'tier' | 'api' | 'version'> {
  const apiVersion = record(locals.apiVersion);
  if (!apiVersion) return {};
  const tier = text(apiVersion.tier);
  const api = text(apiVersion.api);
  const version = apiVersion.version;
  return { ...(tier ? { tier } : {}), ...(api ? { api } : {}), ...(typeof version === 'number' && Number.isFinite(version) ? { version } : {}) };
}

function size(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

interface Observed {
  request: Request;
  response: Response;
  started: bigint;
  requestId: string | undefined;
  traceId: string | undefined;
  bytesOut: { bytes: number };
  aborted: boolean;
}

function buildRecord({ request, response, started, requestId, traceId, bytesOut, aborted }: Observed): AuditRecordInput {
  const locals = (response.locals ?? {}) as Record<string, unknown>;
  const problem = record(locals.problem);
  const code = text(problem?.code);
  const detail = text(problem?.detail);
  const status = aborted && !response.headersSent ? CLIENT_CLOSED_REQUEST : response.statusCode;
  const denied = (code !== undefined && DENIAL_CODES.has(code)) || status === 401 || status === 403;
  const operation = operationOf(request);
  const bytesIn = size(request.headers['content-length']);
  const declaredOut = size(response.getHeader('content-length'));
  const idempotencyKey = header(request.headers['idempotency-key']);
  return {
    requestId: requestId ?? text(response.getHeader('x-correlation-id')) ?? '-',
    traceId: traceId ?? text(response.getHeader('traceparent'))?.split('-')[1] ?? '-',
    ...callerFields(locals),
    ...apiFields(locals),
    ...(operation ? { operation } : {}),
    method: request.method,
    path: (request.originalUrl ?? request.url).split('?')[0] ?? '/',
    decision: denied ? 'denied' : 'allowed',
    ...(code ? { reason: { code, ...(detail ? { detail: detail.slice(0, DETAIL_MAX) } : {}) } } : {}),
    status,
    latencyMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    ...(bytesIn === undefined ? {} : { bytesIn }),
    // What the response declared when it was finished (HEAD declares a body it does not send); else what was written.
    bytesOut: !aborted && request.method !== 'HEAD' && declaredOut !== undefined ? declaredOut : bytesOut.bytes,
    ...(idempotencyKey ? { idempotencyKey: idempotencyKey.slice(0, IDEMPOTENCY_KEY_MAX) } : {}),
    ...(aborted ? { aborted: true } : {}),
  };
}

/** The audit policy for API routers: one record per request into `log`. */
export function createAudit(log: AuditLog): RequestHandler {
  if (!log || typeof log.write !== 'function') throw new TypeError('createAudit: "log" must be an AuditLog (see createAuditLog)');
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    const context = currentRequestContext();
    const observed = {
      request,
      response,
      started,
      requestId: context?.correlationId,
      traceId: context?.trace?.traceId,
      bytesOut: countBytesOut(response),
    };
    let done = false;
    const finish = (aborted: boolean): void => {
      if (done) return;
      done = true;
      let entry: AuditRecordInput;
      try {
        entry = buildRecord({ ...observed, aborted });
      } catch (error) {
        // Never lose the request: a minimal record says what could not be read.
        entry = {
          requestId: observed.requestId ?? '-',
          traceId: observed.traceId ?? '-',
          method: request.method,
          path: String(request.originalUrl ?? request.url).split('?')[0] ?? '/',
          decision: response.statusCode === 401 || response.statusCode === 403 ? 'denied' : 'allowed',
          reason: { code: 'ERR_AUDIT_RECORD', detail: error instanceof Error ? error.message : String(error) },
          status: response.statusCode,
          latencyMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        };
      }
      log.write(entry);
    };
    response.once('finish', () => finish(false));
    // 'close' follows 'finish' on every response; without 'finish' before it, the client went away.
    response.once('close', () => finish(!response.writableFinished));
    next();
  };
}
