/**
 * A real OAuth 2.0 authorization server for tests of the gateway behind an external identity provider: panva's
 * oidc-provider on 127.0.0.1, client credentials (client_secret_basic) issuing RFC 9068 JWT access tokens for
 * resource indicators (RFC 8707), signed with keys generated here with jose.
 *
 * It can be stopped and started again on the same port (an issuer outage), and restarted with a new signing key
 * published first in its JWKS (key rotation); its issuer URL stays the same throughout.
 *
 * oidc-provider is ESM-only and ships no types: it is loaded with a dynamic import and typed minimally here.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface TestIdpClient {
  id: string;
  /** Sent with client_secret_basic. */
  secret: string;
  /** Every scope the client may request. */
  scopes: readonly string[];
}

export interface TestIdpResource {
  /** The `aud` of tokens issued for this resource indicator. */
  audience: string;
  /** Scopes this resource server understands; requested scopes outside it are dropped from the token. */
  scopes: readonly string[];
}

export interface TestIdpOptions {
  clients: readonly TestIdpClient[];
  /** Resource indicators (absolute URIs, RFC 8707) the provider issues JWT access tokens for. */
  resources: Record<string, TestIdpResource>;
  /** Access token lifetime, in seconds. Default 300. */
  accessTokenTtlSeconds?: number;
  /** JWS algorithm of the signing keys. Default ES256. */
  alg?: 'ES256' | 'RS256';
}

export interface TestIdp {
  /** `http://127.0.0.1:PORT`; unchanged across stop/start and key rotation. */
  readonly issuer: string;
  readonly port: number;
  /** From the provider's discovery document. */
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  /** The `kid`s currently published, the signing one first. */
  readonly kids: string[];
  readonly running: boolean;
  /** Number of GET requests to the JWKS endpoint so far. */
  jwksFetches(): number;
  /** Number of token requests so far that authenticated (Basic) as this client, whatever the answer. */
  tokenRequests(clientId: string): number;
  /** A client-credentials token response from the token endpoint (throws unless 200). */
  tokenResponse(clientId: string, params?: { scope?: string; resource?: string }): Promise<TokenResponse>;
  token(clientId: string, params?: { scope?: string; resource?: string }): Promise<string>;
  /** Restart on the same port signing with a new key, published first in the JWKS; older keys stay published after it. */
  rotateKey(options?: { dropOldKeys?: boolean }): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

type Middleware = (ctx: unknown, next: () => Promise<void>) => Promise<void>;
interface ProviderInstance {
  callback(): (request: http.IncomingMessage, response: http.ServerResponse) => void;
  use(middleware: Middleware): void;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

interface ProviderModule {
  Provider: ProviderConstructor;
  errors: { InvalidTarget: new (description?: string) => Error };
}

let providerModule: Promise<ProviderModule> | undefined;

async function loadProviderModule(): Promise<ProviderModule> {
  // A variable specifier keeps tsc from looking for the types oidc-provider does not ship.
  const specifier: string = 'oidc-provider';
  const loaded = (await import(specifier)) as Partial<ProviderModule> & { default?: Partial<ProviderModule> };
  const module = typeof loaded.Provider === 'function' ? loaded : loaded.default;
  if (typeof module?.Provider !== 'function' || !module.errors) throw new Error('oidc-provider did not export Provider and errors');
  return module as ProviderModule;
}

async function newSigningKey(alg: 'ES256' | 'RS256', index: number): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: `test-idp-${alg.toLowerCase()}-${index}-${Date.now().toString(36)}` };
}

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const { Provider, errors } = await (providerModule ??= loadProviderModule());
  const alg = options.alg ?? 'ES256';
  const ttl = options.accessTokenTtlSeconds ?? 300;
  const clients = new Map(options.clients.map((client) => [client.id, client]));
  const allScopes = new Set<string>(['openid']);
  for (const client of options.clients) client.scopes.forEach((scope) => allScopes.add(scope));
  for (const resource of Object.values(options.resources)) resource.scopes.forEach((scope) => allScopes.add(scope));

  let keys: JWK[] = [await newSigningKey(alg, 1)];
  let port = 0;
  let server: http.Server | undefined;
  let jwksFetches = 0;
  const tokenRequests = new Map<string, number>();

  const configuration = (issuer: string): Record<string, unknown> => ({
    clients: options.clients.map((client) => ({
      client_id: client.id,
      client_secret: client.secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: client.scopes.join(' '),
    })),
    jwks: { keys: keys.map((key) => ({ ...key })) },
    scopes: [...allScopes],
    clientDefaults: { id_token_signed_response_alg: alg },
    ttl: { ClientCredentials: ttl },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // No default audience: a token request must name its resource (RFC 8707), as the gateway's does.
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string | string[]) => oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          const resource = options.resources[indicator];
          if (!resource) throw new errors.InvalidTarget(`${issuer} issues no tokens for resource ${indicator}`);
          return { audience: resource.audience, scope: resource.scopes.join(' '), accessTokenFormat: 'jwt', accessTokenTTL: ttl, jwt: { sign: { alg } } };
        },
      },
    },
  });

  /** Counts token requests per client (from the Basic header), without touching the body oidc-provider reads. */
  function countTokenRequest(request: http.IncomingMessage): void {
    if (request.method !== 'POST' || new URL(request.url ?? '/', 'http://x').pathname !== '/token') return;
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const clientId = basic ? decodeURIComponent(Buffer.from(basic, 'base64').toString('utf8').split(':')[0] ?? '') : undefined;
    if (clientId) tokenRequests.set(clientId, (tokenRequests.get(clientId) ?? 0) + 1);
  }

  let issuer = '';
  let handle: ((request: http.IncomingMessage, response: http.ServerResponse) => void) | undefined;
  const newProvider = () => {
    handle = new Provider(issuer, configuration(issuer)).callback();
  };

  async function listen(): Promise<void> {
    const next = http.createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/jwks') jwksFetches += 1;
      countTokenRequest(request);
      (handle as NonNullable<typeof handle>)(request, response);
    });
    next.listen(port, '127.0.0.1');
    await once(next, 'listening');
    port = (next.address() as AddressInfo).port;
    server = next;
  }

  async function close(): Promise<void> {
    const current = server;
    server = undefined;
    if (!current) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    current.closeAllConnections();
    await closed;
    // Let clients in this process see their keep-alive sockets close, or their next request may pick a dead one
    // (undici: "fetch failed", cause "other side closed").
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  // The issuer is known once the server listens on its free port; the provider is made for it before any request.
  await listen();
  issuer = `http://127.0.0.1:${port}`;
  newProvider();

  const metadata = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string; token_endpoint: string; issuer: string };
  if (metadata.issuer !== issuer) throw new Error(`provider issuer ${metadata.issuer} is not ${issuer}`);

  async function tokenResponse(clientId: string, params: { scope?: string; resource?: string } = {}): Promise<TokenResponse> {
    const client = clients.get(clientId);
    if (!client) throw new Error(`no client ${clientId} at the test identity provider`);
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (params.scope !== undefined) body.set('scope', params.scope);
    if (params.resource !== undefined) body.set('resource', params.resource);
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
      },
      body,
    });
    const json = (await response.json()) as TokenResponse & { error?: string; error_description?: string };
    if (response.status !== 200) throw new Error(`token for ${clientId} refused: ${response.status} ${json.error ?? ''} ${json.error_description ?? ''}`);
    return json;
  }

  return {
    issuer,
    get port() {
      return port;
    },
    jwksUri: metadata.jwks_uri,
    tokenEndpoint: metadata.token_endpoint,
    get kids() {
      return keys.map((key) => key.kid as string);
    },
    get running() {
      return server !== undefined;
    },
    jwksFetches: () => jwksFetches,
    tokenRequests: (clientId) => tokenRequests.get(clientId) ?? 0,
    tokenResponse,
    token: async (clientId, params) => (await tokenResponse(clientId, params)).access_token,
    async rotateKey(rotation = {}) {
      const key = await newSigningKey(alg, keys.length + 1);
      keys = rotation.dropOldKeys ? [key] : [key, ...keys];
      await close();
      newProvider();
      await listen();
      return key.kid as string;
    },
    stop: close,
    async start() {
      if (!server) await listen();
    },
  };
}

