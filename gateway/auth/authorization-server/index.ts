/**
 * The built-in OAuth 2.0 authorization server: the client credentials grant (RFC 6749 §4.4) at `POST /oauth/token`,
 * issuing RFC 9068 JWT access tokens; its keys at `/.well-known/jwks.json`; its RFC 8414 metadata at
 * `/.well-known/oauth-authorization-server`. The router is mounted at the gateway's root.
 */
import express, { type RequestHandler, type Router } from 'express';
import typeIs from 'type-is';
import { GatewayError } from '../../errors';
import { isScope, SCOPE_NAMES } from '../scopes';
import { publicJwks } from '../signing-key';
import { createAccessTokenSigner } from './access-token';
import { CLIENT_AUTHENTICATION_METHODS, createClientAuthenticator, presentedCredentials } from './client-authentication';
import { noStore, OAuthError, oauthErrorHandler } from './errors';
import { createFailureLimits, ThrottledError } from './failure-limits';
import { DEFAULTS, parseAuthorizationServerOptions, type AuthorizationServerConfiguration, type AuthorizationServerOptions } from './schema';
import { createVerificationSlots, type VerificationSlots } from './verification-slots';

export type { AuthorizationServerOptions } from './schema';
export { OAuthError, OAUTH_ERRORS, type OAuthErrorCode } from './errors';
export type { FailureStoreOptions } from './failure-limits';
export type { VerificationSlots } from './verification-slots';

export const TOKEN_PATH = '/oauth/token';
export const JWKS_PATH = '/.well-known/jwks.json';
export const METADATA_PATH = '/.well-known/oauth-authorization-server';

const FORM = 'application/x-www-form-urlencoded';
const GRANT_TYPE = 'client_credentials';
/** How long the JWKS and the metadata may be cached by verifiers, in seconds. */
const PUBLIC_MAX_AGE_SECONDS = 300;

export interface AuthorizationServer {
  /** Serves the three paths above; mount it at the root, before the route-not-found handler. */
  router: Router;
  /**
   * Issues a token in-process (the gateway's own client), as the token endpoint would after authentication.
   * Throws a TypeError for an unknown client, no scopes or a scope the client does not hold.
   */
  issueToken(clientId: string, scopes: string[]): Promise<string>;
  /** The secret verification slots (read-only view: how many run and wait now). */
  readonly verifications: Pick<VerificationSlots, 'active' | 'queued'>;
  /** Stops the failure counters' timers and listeners. A Redis client given in `failureStore` stays open (it is the caller's). */
  close(): void;
}

type TokenParameter = 'grant_type' | 'scope' | 'client_id' | 'client_secret';
const TOKEN_PARAMETERS: readonly TokenParameter[] = ['grant_type', 'scope', 'client_id', 'client_secret'];

/**
 * The token request's parameters. Repeated ones are refused (RFC 6749 §3.2); empty ones count as absent;
 * unknown ones are ignored.
 */
function tokenParameters(body: unknown): Partial<Record<TokenParameter, string>> {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const out: Partial<Record<TokenParameter, string>> = {};
  for (const name of TOKEN_PARAMETERS) {
    const value = Object.hasOwn(form, name) ? form[name] : undefined;
    if (Array.isArray(value)) throw new OAuthError('invalid_request', `The ${name} parameter is repeated`);
    if (value !== undefined && typeof value !== 'string') throw new OAuthError('invalid_request', `The ${name} parameter is malformed`);
    if (value) out[name] = value;
  }
  return out;
}

/** A requested scope as an error description may name it: the request's text only when it looks like a scope. */
function describeScope(scope: string): string {
  if (isScope(scope)) return scope;
  return /^[A-Za-z0-9._:-]{1,64}$/.test(scope) ? `${scope} (no such scope)` : '(a malformed scope)';
}

/** Absent: every scope the client holds. Present: exactly those requested, each of which the client must hold. */
function grantedScopes(held: readonly string[], requested: string | undefined): string[] {
  if (requested === undefined) return [...held];
  const wanted = [...new Set(requested.split(' ').filter((scope) => scope !== ''))];
  if (wanted.length === 0) throw new OAuthError('invalid_scope', 'The scope parameter names no scope');
  const unheld = wanted.filter((scope) => !held.includes(scope));
  if (unheld.length > 0) throw new OAuthError('invalid_scope', `The client may not request ${unheld.map(describeScope).join(', ')}`);
  // In the order of the configuration, so the same request always gets the same scope string.
  return held.filter((scope) => wanted.includes(scope));
}

/** Client ids as they may appear in a log line: what the caller sent, if it looks like an id. */
function loggableClientId(clientId: string | undefined): string | undefined {
  if (clientId === undefined) return undefined;
  return /^[A-Za-z0-9._-]{1,64}$/.test(clientId) ? clientId : '(malformed)';
}

function fromBodyParser(error: unknown): OAuthError | unknown {
  switch ((error as { type?: unknown } | undefined)?.type) {
    case 'entity.too.large':
      return new OAuthError('invalid_request', `The request body exceeds ${DEFAULTS.bodyLimitBytes} bytes`);
    case 'parameters.too.many':
      return new OAuthError('invalid_request', `The request has more than ${DEFAULTS.parameterLimit} parameters`);
    case 'charset.unsupported':
      return new OAuthError('invalid_request', 'The request body must be UTF-8');
    case 'encoding.unsupported':
      return new OAuthError('invalid_request', 'The request body must not be compressed');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'entity.verify.failed':
      return new OAuthError('invalid_request', 'The request body could not be read');
    default:
      return error;
  }
}

function methodNotAllowed(allow: string): RequestHandler {
  return (request, response, next) => {
    if (request.method === 'OPTIONS') {
      response.setHeader('Allow', allow);
      response.status(204).end();
      return;
    }
    next(new GatewayError('ERR_METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${request.path}; allowed: ${allow}`, { headers: { Allow: allow } }));
  };
}

function metadata(config: AuthorizationServerConfiguration): Record<string, unknown> {
  return {
    issuer: config.issuer,
    token_endpoint: `${config.issuer}${TOKEN_PATH}`,
    jwks_uri: `${config.issuer}${JWKS_PATH}`,
    scopes_supported: [...SCOPE_NAMES],
    // No authorization endpoint: the client credentials grant needs none.
    response_types_supported: [],
    grant_types_supported: [GRANT_TYPE],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTHENTICATION_METHODS],
  };
}

export function createAuthorizationServer(options: AuthorizationServerOptions): AuthorizationServer {
  const config = parseAuthorizationServerOptions(options);
  const { logger } = config;
  const settings = config.tokenEndpoint;
  const slots = createVerificationSlots(settings.maxConcurrentVerifications, settings.maxQueuedVerifications);
  const authenticate = createClientAuthenticator(config.clients, config.verifySecret, slots);
  const failureLimits = createFailureLimits({ ...settings, store: config.failureStore, logger });
  const sign = createAccessTokenSigner(config);
  const jwksBody = JSON.stringify(publicJwks([config.signingKey]));
  const metadataBody = JSON.stringify(metadata(config));

  const parseForm = express.urlencoded({ extended: false, limit: DEFAULTS.bodyLimitBytes, parameterLimit: DEFAULTS.parameterLimit, inflate: false, type: FORM });
  const readForm: RequestHandler = (request, response, next) => {
    if (!typeIs.hasBody(request) || !typeIs(request, [FORM])) {
      const sent = request.headers['content-type'];
      next(new OAuthError('invalid_request', `The token request must be ${FORM}${sent ? `, not ${sent.split(';')[0]}` : ''}`));
      return;
    }
    parseForm(request, response, (error?: unknown) => next(error === undefined ? undefined : fromBodyParser(error)));
  };

  const token: RequestHandler = async (request, response) => {
    let clientId: string | undefined;
    // The peer's address (the gateway sets no `trust proxy`, so X-Forwarded-For cannot choose it).
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    try {
      const form = tokenParameters(request.body);
      if (form.grant_type === undefined) throw new OAuthError('invalid_request', 'The grant_type parameter is required');
      if (form.grant_type !== GRANT_TYPE) throw new OAuthError('unsupported_grant_type', `Only the ${GRANT_TYPE} grant is supported`);
      const credentials = presentedCredentials(request.headers.authorization, { clientId: form.client_id, clientSecret: form.client_secret });
      clientId = credentials.clientId;
      // Before the verification: a client id or an address out of failures costs no scrypt.
      await failureLimits.check(credentials.clientId, address);
      let client;
      try {
        client = await authenticate(credentials);
      } catch (error) {
        if (error instanceof OAuthError && error.code === 'invalid_client') await failureLimits.recordFailure(credentials.clientId, address);
        throw error;
      }
      const scopes = grantedScopes(client.scopes, form.scope);
      const issued = await sign(client.id, scopes);
      const scope = scopes.join(' ');
      logger.info('oauth token issued', { clientId: client.id, method: credentials.method, scope, jti: issued.jti, expiresIn: issued.expiresIn });
      noStore(response);
      response.json({ access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope });
    } catch (error) {
      // The audit policy does not run on the authorization server's routes: refusals, throttled ones included, are
      // recorded here (never the secret; the client id only when it looks like one).
      if (error instanceof OAuthError) {
        logger.warn(error instanceof ThrottledError ? 'oauth token request throttled' : 'oauth token request refused', {
          clientId: loggableClientId(clientId),
          knownClient: clientId === undefined ? undefined : config.clients.has(clientId),
          address,
          error: error.code,
          reason: error.message,
          ...(error instanceof ThrottledError ? { limit: error.limit } : {}),
          ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
        });
      }
      throw error;
    }
  };

  const router = express.Router();
  router.route(TOKEN_PATH).post(readForm, token).all(methodNotAllowed('POST, OPTIONS'));
  router
    .route(JWKS_PATH)
    .get((_request, response) => {
      response.setHeader('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
      response.type('application/json').send(jwksBody);
    })
    .all(methodNotAllowed('GET, HEAD, OPTIONS'));
  router
    .route(METADATA_PATH)
    .get((_request, response) => {
      response.setHeader('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
      response.type('application/json').send(metadataBody);
    })
    .all(methodNotAllowed('GET, HEAD, OPTIONS'));
  router.use(oauthErrorHandler);

  async function issueToken(clientId: string, scopes: string[]): Promise<string> {
    const client = config.clients.get(clientId);
    if (!client) throw new TypeError(`issueToken: no client ${clientId} in auth.clients`);
    if (!Array.isArray(scopes) || scopes.length === 0) throw new TypeError('issueToken: scopes must name at least one scope');
    const unheld = scopes.filter((scope) => !client.scopes.includes(scope as (typeof client.scopes)[number]));
    if (unheld.length > 0) throw new TypeError(`issueToken: client ${clientId} does not hold ${unheld.join(', ')}`);
    const granted = client.scopes.filter((scope) => scopes.includes(scope));
    const issued = await sign(client.id, granted);
    logger.info('oauth token issued', { clientId: client.id, method: 'in-process', scope: granted.join(' '), jti: issued.jti, expiresIn: issued.expiresIn });
    return issued.token;
  }

  return {
    router,
    issueToken,
    verifications: {
      get active() {
        return slots.active;
      },
      get queued() {
        return slots.queued;
      },
    },
    close: () => failureLimits.close(),
  };
}
