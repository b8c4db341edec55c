/**
 * tsoa's authentication hook, called by the generated routes for every operation with `@Security`. The token was
 * already verified by the authentication policy (a 401 never gets here); this checks the operation's scopes:
 * `@Security('oauth2', ['a', 'b'])` needs both, several `@Security` decorators are alternatives (tsoa tries each).
 * A missing scope is a 403 naming it (RFC 6750 `insufficient_scope`).
 */
import type { Request } from 'express';
import { GatewayError } from '../errors';
import { callerOf, type Caller } from './caller';

export const OAUTH2_SCHEME = 'oauth2';

export function insufficientScope(needed: readonly string[]): GatewayError {
  const scope = needed.join(' ');
  return new GatewayError('ERR_FORBIDDEN', `This operation needs the scope${needed.length > 1 ? 's' : ''} ${scope}`, {
    extensions: { requiredScopes: [...needed] },
    headers: { 'WWW-Authenticate': `Bearer realm="distribution-gateway", error="insufficient_scope", scope="${scope}"` },
  });
}

export async function expressAuthentication(request: Request, securityName: string, scopes: string[] = []): Promise<Caller> {
  if (securityName !== OAUTH2_SCHEME) throw new Error(`unknown security scheme ${securityName}`);
  const caller = callerOf(request);
  const missing = scopes.filter((scope) => !caller.scopes.has(scope));
  if (missing.length > 0) throw insufficientScope(scopes);
  return caller;
}
