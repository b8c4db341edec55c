/**
 * The `auth` section of the configuration: who may call the gateway (clients and the partners they act for),
 * which authorization server issues their tokens, and how tokens are verified.
 */
import { z } from 'zod';
import { SCOPE_NAMES, type Scope } from '../auth/scopes';

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
const identifier = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'lowercase letters, digits and dashes (2-64)');
const scope = z.enum(SCOPE_NAMES as [Scope, ...Scope[]]);

export const partnerSchema = z
  .object({
    /** Partner profile id; orders, shipments and invoices belong to exactly one partner. */
    id: identifier,
    name: z.string().min(1),
    /** ERP sold-to accounts the partner may order for and see. The first is its default account. */
    customerNumbers: z.array(z.string().regex(/^\d{10}$/, 'a 10-digit ERP customer number')).default([]),
    /** How the partner wants short stock handled when its orders are allocated. */
    fulfilment: z
      .object({
        /** Lines the warehouse cannot fill now are backordered (posted, shipped when stock arrives) rather than rejected. Default true. */
        backorders: z.boolean().default(true),
        /** Nothing ships before every line can: one short line holds the whole order (or rejects it, without backorders). Default false. */
        shipComplete: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const clientSchema = z
  .object({
    /** OAuth 2.0 client id (also `client_id` in its tokens). */
    id: identifier,
    name: z.string().min(1),
    /**
     * @secret scrypt hash of the client secret, as `npm run hash-secret` prints it
     * (`scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`). Only for the built-in authorization server; clients of an
     * external identity provider have no secret here.
     */
    secretHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, 'an scrypt hash from `npm run hash-secret`').optional(),
    /** Scopes the client may hold. A token request for any other scope is refused (invalid_scope). */
    scopes: z.array(scope).min(1),
    /** The partner profile the client acts for. Absent for internal apps, architects and the gateway itself. */
    partner: identifier.optional(),
    /** Throttling plan. */
    plan: z.string().min(1).default('bronze'),
  })
  .strict();

/**
 * Brute-force protection of the built-in token endpoint (POST /oauth/token). Every client authentication costs one
 * scrypt verification (~50 ms of the libuv pool, 16 MiB), so failures are counted and the verifications bounded.
 * The counters live in Redis when `state.redisUrl` is set (shared by every instance), in this process otherwise.
 */
export const tokenEndpointSchema = z
  .object({
    /**
     * Failed authentications of one client id (known or not) in a window after which that client id is refused with
     * 429 `too_many_attempts` and Retry-After, without verifying the secret, until the window ends. Default 10.
     */
    maxFailuresPerClient: z.number().int().min(1).max(100_000).default(10),
    /** The same per client address (IPv6 per /56), across every client id it tries. Default 50. */
    maxFailuresPerAddress: z.number().int().min(1).max(1_000_000).default(50),
    /** Length of the failure-count window, in seconds; it starts with the first failure (fixed window). Default 300. */
    failureWindowSeconds: z.number().int().min(1).max(86_400).default(300),
    /** Secret verifications (scrypt) running at once in this process. Default 4 (the libuv pool has 4 threads). */
    maxConcurrentVerifications: z.number().int().min(1).max(64).default(4),
    /** Token requests waiting for a verification slot; beyond that 503 `temporarily_unavailable` with Retry-After. Default 16. */
    maxQueuedVerifications: z.number().int().min(0).max(10_000).default(16),
    /**
     * While the failure counters cannot be reached (Redis down or slower than `state.commandTimeoutMs`): `open`
     * verifies secrets without the failure limits (the concurrency bound still holds), `closed` answers 503
     * `temporarily_unavailable`. Default `open`: a shared-cache outage must not stop every client from getting tokens
     * (and so every call); the outage is logged once.
     */
    failMode: z.enum(['open', 'closed']).default('open'),
  })
  .strict();

export type TokenEndpointConfig = z.infer<typeof tokenEndpointSchema>;

export const authSchema = z
  .object({
    /**
     * Issuer of access tokens. Absent: the built-in authorization server is on and its issuer is this gateway's own
     * URL. Set (with jwksUri): tokens come from that external identity provider and the built-in one is off.
     * Env: OAUTH_ISSUER.
     */
    issuer: httpUrl.optional(),
    /** The external issuer's JWKS. Env: OAUTH_JWKS_URI. */
    jwksUri: httpUrl.optional(),
    /** The external issuer's token endpoint, for the gateway's own client; discovered from the issuer when absent. Env: OAUTH_TOKEN_URL. */
    tokenUrl: httpUrl.optional(),
    /** The `aud` every access token must carry. Env: OAUTH_AUDIENCE. */
    audience: z.string().min(1).default('distribution-gateway'),
    /** Signature algorithms accepted. Never `none` or HMAC: the key is asymmetric. */
    algorithms: z.array(z.enum(['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'])).min(1).default(['ES256', 'RS256']),
    /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. Default 30. */
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
    /** How long fetched JWKS keys are trusted before a refresh, in milliseconds. Default 600000 (10 min). */
    jwksCacheMaxAgeMs: z.number().int().min(1000).default(600_000),
    /**
     * Tokens already verified are served from memory until they expire, at most `maxAgeSeconds` after their
     * verification and never longer than `jwksCacheMaxAgeMs` (so a withdrawn key is not honoured longer than the key
     * set cache would honour it), at most `maxEntries` of them. `maxEntries: 0` verifies every request's signature.
     */
    verifiedTokenCache: z
      .object({
        maxEntries: z.number().int().min(0).max(1_000_000).default(10_000),
        maxAgeSeconds: z.number().int().min(0).max(600).default(60),
      })
      .prefault({}),
    /** Shortest pause between two JWKS fetches (an unknown `kid` triggers one), in milliseconds. Default 30000. */
    jwksCooldownMs: z.number().int().min(0).default(30_000),
    /** Timeout of one JWKS fetch, in milliseconds. Default 5000. */
    jwksTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** Lifetime of tokens the built-in server issues, in seconds. Default 900. */
    tokenTtlSeconds: z.number().int().min(60).max(86_400).default(900),
    /** Where the built-in server keeps its signing key (created on first start), relative to `server.dataDir`. */
    signingKeyFile: z.string().min(1).default('oauth-signing-key.json'),
    /** Brute-force protection of the built-in token endpoint; see tokenEndpointSchema. */
    tokenEndpoint: tokenEndpointSchema.prefault({}),
    /** The gateway's own client, which tiers use to call each other. */
    serviceClient: z
      .object({
        /** Env: OAUTH_CLIENT_ID. */
        id: identifier.default('gateway-tiers'),
        /** @secret Env: OAUTH_CLIENT_SECRET. */
        secret: z.string().min(16).default('dev-secret-gateway-tiers-7Hc2'),
        /** Scopes the gateway asks for when calling its own tiers (space-separated in the token request). */
        scopes: z
          .array(scope)
          .min(1)
          .default(['gateway.tier', 'process.orders.read', 'process.orders.write', 'process.inventory.read', 'system.erp.read', 'system.erp.write', 'system.wms.read', 'system.wms.write']),
        /**
         * RFC 8707 resource indicator sent with the token request, for identity providers that issue JWT access tokens
         * only for a named resource (oidc-provider, Auth0's `audience`). Env: OAUTH_RESOURCE.
         */
        resource: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    clients: z.array(clientSchema).default([]),
    partners: z.array(partnerSchema).default([]),
  })
  .strict()
  .superRefine((auth, context) => {
    if (auth.issuer && !auth.jwksUri) context.addIssue({ code: 'custom', path: ['jwksUri'], message: 'required with an external issuer' });
    if (!auth.issuer && auth.jwksUri) context.addIssue({ code: 'custom', path: ['issuer'], message: 'required with jwksUri' });
    const partners = new Set(auth.partners.map((partner) => partner.id));
    const clients = new Set<string>();
    auth.clients.forEach((client, index) => {
      if (clients.has(client.id)) context.addIssue({ code: 'custom', path: ['clients', index, 'id'], message: `client ${client.id} is listed twice` });
      clients.add(client.id);
      if (client.partner && !partners.has(client.partner)) {
        context.addIssue({ code: 'custom', path: ['clients', index, 'partner'], message: `no partner ${client.partner} in auth.partners` });
      }
      if (!auth.issuer && !client.secretHash) {
        context.addIssue({ code: 'custom', path: ['clients', index, 'secretHash'], message: 'required by the built-in authorization server' });
      }
    });
  });

export type AuthConfig = z.infer<typeof authSchema>;
export type ClientConfig = z.infer<typeof clientSchema>;
export type PartnerConfig = z.infer<typeof partnerSchema>;
