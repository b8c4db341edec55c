/**
 * Who is calling: the verified client behind a request, the partner it acts for, its plan and scopes, and, when a
 * tier of this gateway calls another, the original caller it acts on behalf of (for audit and isolation).
 */
import type { Request, Response } from 'express';
import { GatewayError } from '../errors';

export interface CallerRef {
  clientId: string;
  partnerId?: string;
}

export interface Caller extends CallerRef {
  plan: string;
  scopes: ReadonlySet<string>;
  /** The token's `jti`, for audit. */
  tokenId?: string;
  /** Set only when a tier of this gateway calls on behalf of someone (the token holds `gateway.tier`). */
  onBehalfOf?: CallerRef;
}

/** The caller as authentication left it on the response; a route behind authentication always has one. */
export function callerOf(target: Request | Response): Caller {
  const response = 'locals' in target && !('res' in target) ? (target as Response) : (target as Request).res;
  const caller = response?.locals.caller as Caller | undefined;
  if (!caller) throw new GatewayError('ERR_UNAUTHENTICATED', 'The request carries no verified identity');
  return caller;
}

/** The party a request is really for: the original caller when a tier acts on its behalf, else the caller. */
export function principalOf(caller: Caller): CallerRef {
  return caller.onBehalfOf ?? { clientId: caller.clientId, ...(caller.partnerId ? { partnerId: caller.partnerId } : {}) };
}
