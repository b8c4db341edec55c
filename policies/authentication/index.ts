/**
 * Authentication: every API request needs a verified Bearer access token (RFC 6750, header only: a token in the
 * query string is refused). The token's client is looked up in configuration for its partner and plan; its scopes
 * are the token's, never more than configuration grants the client. The result is the request's `Caller`.
 *
 * A tier of this gateway calling another passes the original caller in ON_BEHALF_OF_HEADER; the header is honoured
 * only from a token holding `gateway.tier` and is stripped from everyone else's requests.
 */
import type { RequestHandler } from 'express';
import type { Caller, CallerRef } from '../../gateway/auth/caller';
import type { TokenVerifier } from '../../gateway/auth/token-verifier';
import type { ClientConfig } from '../../gateway/config';
import { GatewayError } from '../../gateway/errors';
import { currentRequestContext } from '../../gateway/request-context';

export const ON_BEHALF_OF_HEADER = 'x-gateway-on-behalf-of';
export const TIER_SCOPE = 'gateway.tier';

export interface AuthenticationOptions {
  verify: TokenVerifier;
  clients: readonly ClientConfig[];
  /** The gateway's own client: the only one whose `gateway.tier` scope (and so on-behalf-of header) counts. */
  serviceClientId: string;
  /** Plan of a client the configuration does not know (tokens of an external identity provider). */
  defaultPlan?: string;
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const QUERY_TOKEN = /(?:^|&)access_token=/;

export function unauthenticated(detail: string, cause?: unknown): GatewayError {
  return new GatewayError('ERR_UNAUTHENTICATED', detail, {
    cause,
    headers: { 'WWW-Authenticate': `Bearer realm="distribution-gateway", error="invalid_token", error_description="${detail.replace(/["\\]/g, '')}"` },
  });
}

/** Reads the on-behalf-of header: `clientId` or `clientId;partner=partnerId`, both identifiers. */
export function parseOnBehalfOf(value: string | undefined): CallerRef | undefined {
  const match = value ? /^([a-z0-9][a-z0-9-]{1,63})(?:;partner=([a-z0-9][a-z0-9-]{1,63}))?$/.exec(value) : null;
  if (!match) return undefined;
  return { clientId: match[1] as string, ...(match[2] ? { partnerId: match[2] } : {}) };
}

export function formatOnBehalfOf(ref: CallerRef): string {
  return ref.partnerId ? `${ref.clientId};partner=${ref.partnerId}` : ref.clientId;
}

export function createAuthentication(options: AuthenticationOptions): RequestHandler {
  const clients = new Map(options.clients.map((client) => [client.id, client]));
  return async (request, response, next) => {
    const onBehalfOf = request.headers[ON_BEHALF_OF_HEADER];
    delete request.headers[ON_BEHALF_OF_HEADER];
    try {
      if (QUERY_TOKEN.test(request.url.split('?')[1] ?? '')) {
        throw unauthenticated('Access tokens are accepted only in the Authorization header, never in the query string');
      }
      const header = request.headers.authorization;
      if (!header) throw unauthenticated('An access token is required (Authorization: Bearer <token>)');
      const match = BEARER.exec(header);
      if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');

      let claims;
      try {
        claims = await options.verify(match[1] as string);
      } catch (error) {
        throw error instanceof GatewayError && error.code === 'ERR_UNAUTHENTICATED' ? unauthenticated(error.message, error) : error;
      }
      // RFC 9068 names the client in client_id; never `sub`, which may be a user whose name equals a client id.
      const clientId = claims.client_id ?? claims.azp;
      if (!clientId) throw unauthenticated('The access token names no client (client_id)');
      const client = clients.get(clientId);
      const granted = new Set<string>(client?.scopes ?? []);
      const tokenScopes = (claims.scope ?? '').split(' ').filter(Boolean);
      const scopes = new Set(client ? tokenScopes.filter((scope) => granted.has(scope)) : tokenScopes);
      // Acting for someone else is the gateway's own privilege, whatever an identity provider put in a token.
      if (clientId !== options.serviceClientId) scopes.delete(TIER_SCOPE);

      const caller: Caller = {
        clientId,
        ...(client?.partner ? { partnerId: client.partner } : {}),
        plan: client?.plan ?? options.defaultPlan ?? 'bronze',
        scopes,
        ...(claims.jti ? { tokenId: claims.jti } : {}),
      };
      if (scopes.has(TIER_SCOPE)) {
        const original = parseOnBehalfOf(Array.isArray(onBehalfOf) ? onBehalfOf[0] : onBehalfOf);
        if (original) caller.onBehalfOf = original;
      }
      response.locals.caller = caller;
      const context = currentRequestContext();
      if (context) context.caller = caller;
      next();
    } catch (error) {
      next(error);
    }
  };
}
