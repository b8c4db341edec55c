/** Headers that carry one transaction's identity across hops: the correlation id and W3C Trace Context. */
import { randomBytes } from 'node:crypto';
import { currentRequestContext, type TraceContext } from '../request-context';

export const CORRELATION_HEADER = 'x-correlation-id';
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function formatTraceparent(trace: Pick<TraceContext, 'traceId' | 'spanId' | 'flags'>): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}

/**
 * The headers an outgoing call made while serving the current request must carry. The outgoing span is the
 * current hop's span (it is the parent of whatever the callee does). Empty outside a request (start-up checks).
 */
export function outgoingTraceHeaders(): Record<string, string> {
  const context = currentRequestContext();
  if (!context) return {};
  const headers: Record<string, string> = {
    [CORRELATION_HEADER]: context.correlationId,
    [TRACEPARENT_HEADER]: formatTraceparent(context.trace),
  };
  if (context.trace.traceState) headers[TRACESTATE_HEADER] = context.trace.traceState;
  return headers;
}
