/**
 * Correlation: gives every request one correlation id and a W3C trace context, answers them in response headers,
 * and runs the rest of the request inside them so every outgoing hop forwards the same identity.
 *
 * The caller's `X-Correlation-Id` (or `X-Request-Id`) is kept when well-formed, so a transaction that starts at a
 * partner keeps its id through the partner, process and system tiers into the platform. A malformed one is replaced,
 * never echoed: it would otherwise be a header-injection and log-forging vector.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithRequestContext, type TraceContext } from '../../gateway/request-context';
import { CORRELATION_HEADER, newSpanId, newTraceId, TRACEPARENT_HEADER, TRACESTATE_HEADER } from '../../gateway/http/trace-headers';

const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const TRACESTATE_MAX = 512;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Parses `traceparent` per W3C Trace Context level 1; undefined when absent or invalid. */
export function parseTraceparent(value: string | undefined): Omit<TraceContext, 'spanId'> & { parentId: string } | undefined {
  if (!value) return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  // Version ff is invalid; version 00 allows nothing after the flags; all-zero ids are invalid.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return { traceId, parentId, flags };
}

export function createCorrelation(): RequestHandler {
  return (request, response, next) => {
    const offered = header(request.headers[CORRELATION_HEADER]) ?? header(request.headers['x-request-id']);
    const correlationId = offered && CORRELATION_ID.test(offered) ? offered : randomUUID();
    const parent = parseTraceparent(header(request.headers[TRACEPARENT_HEADER]));
    const traceState = header(request.headers[TRACESTATE_HEADER]);
    const trace: TraceContext = {
      traceId: parent?.traceId ?? newTraceId(),
      spanId: newSpanId(),
      flags: parent?.flags ?? '01',
      ...(parent && traceState && traceState.length <= TRACESTATE_MAX ? { traceState } : {}),
    };
    response.setHeader('X-Correlation-Id', correlationId);
    response.setHeader(TRACEPARENT_HEADER, `00-${trace.traceId}-${trace.spanId}-${trace.flags}`);
    runWithRequestContext({ correlationId, trace }, next);
  };
}
