/**
 * The identity of the request being served, carried through async calls so that every outgoing hop
 * (tier clients, platform adapters) forwards the same correlation id and W3C trace without threading it
 * through every function signature.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Caller } from './auth/caller';

export interface TraceContext {
  /** 32 lowercase hex digits, shared by every hop of one transaction. */
  traceId: string;
  /** 16 lowercase hex digits: this hop's span, the parent of the next hop's. */
  spanId: string;
  /** W3C trace flags, two hex digits. */
  flags: string;
  /** The caller's `tracestate`, forwarded untouched. */
  traceState?: string;
}

export interface RequestContext {
  /** The correlation id: the caller's `X-Correlation-Id` (or `X-Request-Id`) when well-formed, else a new UUID. */
  correlationId: string;
  trace: TraceContext;
  /** The verified caller, once authentication has run. */
  caller?: Caller;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
