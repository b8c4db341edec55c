import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import request from 'supertest';
import winston from 'winston';
import { createAuthorizationServer, type AuthorizationServerOptions } from '../../../gateway/auth/authorization-server';
import { hashSecret } from '../../../gateway/auth/client-secrets';
import { assertNoDevSecretsInProduction, DEV_CLIENT_SECRETS } from '../../../gateway/auth/dev-secrets';
import { SCOPE_NAMES } from '../../../gateway/auth/scopes';
import { loadOrCreateSigningKey, type SigningKey } from '../../../gateway/auth/signing-key';
import { ConfigError, loadConfig } from '../../../gateway/config';
import type { ClientConfig } from '../../../gateway/config/auth-schema';
import type { Logger } from '../../../gateway/logger';
import { createProblemHandler, routeNotFound } from '../../../gateway/problem-handler';

const ISSUER = 'https://gateway.example.test';
const AUDIENCE = 'distribution-gateway';
const TTL = 600;
/** Cheap scrypt cost for test hashes; verification uses the cost written in the hash. */
const CHEAP = { N: 1024, r: 8, p: 1 };

const READER_SECRET = 'reader-secret-0123456789';
/** Every character form-urlencoding changes: HTTP Basic must carry it encoded (RFC 6749 §2.3.1). */
const SPECIAL_SECRET = 'p@ss:w0rd+/ %é&="x!~';
const READER_SCOPES = ['system.erp.read', 'system.wms.read', 'process.orders.read'] as const;

/** A winston logger without redaction, writing JSON lines into an array: proves secrets are never handed to it. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] });
  return { logger, lines };
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function basic(clientId: string, secret: string, encode = true): string {
  const pair = encode ? `${formEncode(clientId)}:${formEncode(secret)}` : `${clientId}:${secret}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

describe('built-in authorization server', () => {
  let root: string;
  let signingKey: SigningKey;
  let clients: ClientConfig[];
  const now = Date.parse('2030-01-02T03:04:05.678Z');
  const clock = () => now;
  const captured = capturingLogger();

  const options = (overrides: Partial<AuthorizationServerOptions> = {}): AuthorizationServerOptions => ({
    issuer: ISSUER,
    audience: AUDIENCE,
    clients,
    tokenTtlSeconds: TTL,
    signingKey,
    logger: captured.logger,
    clock,
    ...overrides,
  });

  function appFor(serverOptions: AuthorizationServerOptions = options()) {
    const server = createAuthorizationServer(serverOptions);
    const app = express();
    app.use(server.router);
    app.use(routeNotFound);
    app.use(createProblemHandler(serverOptions.logger));
    return { app, server };
  }

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dg-authorization-server-'));
    signingKey = await loadOrCreateSigningKey(path.join(root, 'keys', 'oauth-signing-key.json'));
    clients = [
      { id: 'erp-reader', name: 'Reader', scopes: [...READER_SCOPES], plan: 'internal', secretHash: await hashSecret(READER_SECRET, CHEAP) },
      { id: 'special-chars', name: 'Special', scopes: ['partner.edi'], partner: 'acme', plan: 'silver', secretHash: await hashSecret(SPECIAL_SECRET, CHEAP) },
    ];
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  async function verify(app: express.Express, token: string) {
    const jwks = (await request(app).get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet;
    return jwtVerify(token, createLocalJWKSet(jwks), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], typ: 'at+jwt', currentDate: new Date(now) });
  }

  function assertNoStore(response: request.Response): void {
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers.pragma, 'no-cache');
  }

  describe('POST /oauth/token', () => {
    it('issues a token to a client authenticating with HTTP Basic, with every scope it holds when none is asked for', async () => {
      const { app } = appFor();
      const response = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ grant_type: 'client_credentials' }).expect(200);
      assertNoStore(response);
      assert.match(response.headers['content-type'] ?? '', /^application\/json/);
      assert.deepEqual(Object.keys(response.body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
      assert.equal(response.body.token_type, 'Bearer');
      assert.equal(response.body.expires_in, TTL);
      assert.equal(response.body.scope, READER_SCOPES.join(' '));
    });

    it('issues a token to a client authenticating with client_id and client_secret parameters', async () => {
      const { app } = appFor();
      const response = await request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'erp-reader', client_secret: READER_SECRET }).expect(200);
      assertNoStore(response);
      const { payload } = await verify(app, response.body.access_token);
      assert.equal(payload.client_id, 'erp-reader');
    });

    it('form-urldecodes HTTP Basic credentials, so secrets with special characters work both ways', async () => {
      const { app } = appFor();
      const viaBasic = await request(app).post('/oauth/token').set('Authorization', basic('special-chars', SPECIAL_SECRET)).type('form').send({ grant_type: 'client_credentials' }).expect(200);
      assert.equal(viaBasic.body.scope, 'partner.edi');
      await request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'special-chars', client_secret: SPECIAL_SECRET }).expect(200);
      // Sent without the form-urlencoding, '+' means a space and '%' starts an escape: not the secret.
      const raw = await request(app).post('/oauth/token').set('Authorization', basic('special-chars', SPECIAL_SECRET, false)).type('form').send({ grant_type: 'client_credentials' }).expect(401);
      assert.equal(raw.body.error, 'invalid_client');
    });

    it('accepts the Basic scheme name in any case, and a client_id parameter that repeats the Basic one', async () => {
      const { app } = appFor();
      const header = basic('erp-reader', READER_SECRET).replace('Basic', 'bAsIc');
      await request(app).post('/oauth/token').set('Authorization', header).type('form').send({ grant_type: 'client_credentials', client_id: 'erp-reader' }).expect(200);
    });

    it('refuses two authentication methods at once with invalid_request', async () => {
      const { app } = appFor();
      const both = await request(app)
        .post('/oauth/token')
        .set('Authorization', basic('erp-reader', READER_SECRET))
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: 'erp-reader', client_secret: READER_SECRET })
        .expect(400);
      assert.equal(both.body.error, 'invalid_request');
      assertNoStore(both);
      const otherId = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ grant_type: 'client_credentials', client_id: 'special-chars' }).expect(400);
      assert.equal(otherId.body.error, 'invalid_request');
    });

    it('answers a wrong secret and an unknown client identically: 401 invalid_client, with a Basic challenge when Basic was used', async () => {
      const { app } = appFor();
      const send = (authorization: string) => request(app).post('/oauth/token').set('Authorization', authorization).type('form').send({ grant_type: 'client_credentials' }).expect(401);
      const wrongSecret = await send(basic('erp-reader', 'not-the-secret-at-all'));
      const unknownClient = await send(basic('no-such-client', 'not-the-secret-at-all'));
      for (const response of [wrongSecret, unknownClient]) {
        assert.equal(response.headers['www-authenticate'], 'Basic realm="distribution-gateway"');
        assertNoStore(response);
      }
      assert.deepEqual(wrongSecret.body, unknownClient.body);
      assert.equal(wrongSecret.body.error, 'invalid_client');
      assert.equal(typeof wrongSecret.body.error_description, 'string');

      const post = (clientId: string) => request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'not-the-secret-at-all' }).expect(401);
      const [postWrong, postUnknown] = [await post('erp-reader'), await post('no-such-client')];
      assert.deepEqual(postWrong.body, postUnknown.body);
      assert.deepEqual(postWrong.body, wrongSecret.body);
      assert.equal(postWrong.headers['www-authenticate'], undefined);
      assert.equal(postUnknown.headers['www-authenticate'], undefined);
    });

    it('spends as long on an unknown client as on a wrong secret (a dummy scrypt verification)', async () => {
      const realCost = [{ id: 'real-cost', name: 'Real cost', scopes: ['operations.read' as const], plan: 'internal', secretHash: await hashSecret('real-cost-secret-0123456789') }];
      const { app } = appFor(options({ clients: realCost }));
      const time = async (clientId: string) => {
        const started = performance.now();
        await request(app).post('/oauth/token').set('Authorization', basic(clientId, 'wrong-secret-0123456789')).type('form').send({ grant_type: 'client_credentials' }).expect(401);
        return performance.now() - started;
      };
      // The fastest of a few interleaved rounds: noise from other processes only ever adds time. Without the dummy
      // verification an unknown client would answer in about 1 ms against tens of ms for a known one.
      const known: number[] = [];
      const unknown: number[] = [];
      for (let round = 0; round < 4; round += 1) {
        known.push(await time('real-cost'));
        unknown.push(await time('nobody-here'));
      }
      const [fastestKnown, fastestUnknown] = [Math.min(...known), Math.min(...unknown)];
      assert.ok(fastestUnknown > fastestKnown * 0.5, `unknown ${fastestUnknown.toFixed(1)} ms vs known ${fastestKnown.toFixed(1)} ms`);
    });

    it('refuses a request without client authentication, or with another scheme, with invalid_client and a challenge', async () => {
      const { app } = appFor();
      const none = await request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials' }).expect(401);
      assert.equal(none.body.error, 'invalid_client');
      assert.equal(none.headers['www-authenticate'], 'Basic realm="distribution-gateway"');
      const bearer = await request(app).post('/oauth/token').set('Authorization', 'Bearer abc').type('form').send({ grant_type: 'client_credentials' }).expect(401);
      assert.equal(bearer.body.error, 'invalid_client');
      const garbled = await request(app).post('/oauth/token').set('Authorization', 'Basic bm9jb2xvbg==').type('form').send({ grant_type: 'client_credentials' }).expect(401);
      assert.equal(garbled.body.error, 'invalid_client');
      const idOnly = await request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'erp-reader' }).expect(401);
      assert.equal(idOnly.body.error, 'invalid_client');
    });

    it('requires grant_type, and only client_credentials', async () => {
      const { app } = appFor();
      const missing = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ scope: 'system.erp.read' }).expect(400);
      assert.equal(missing.body.error, 'invalid_request');
      assertNoStore(missing);
      for (const grantType of ['password', 'authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer']) {
        const response = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ grant_type: grantType }).expect(400);
        assert.equal(response.body.error, 'unsupported_grant_type');
      }
    });

    it('grants exactly the requested scopes the client holds, in a stable order', async () => {
      const { app } = appFor();
      const response = await request(app)
        .post('/oauth/token')
        .set('Authorization', basic('erp-reader', READER_SECRET))
        .type('form')
        .send({ grant_type: 'client_credentials', scope: 'process.orders.read system.erp.read' })
        .expect(200);
      assert.equal(response.body.scope, 'system.erp.read process.orders.read');
      const { payload } = await verify(app, response.body.access_token);
      assert.equal(payload.scope, 'system.erp.read process.orders.read');
    });

    it('refuses a scope the client does not hold, or that does not exist, with invalid_scope: never narrowed silently', async () => {
      const { app } = appFor();
      const ask = (scope: string) => request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ grant_type: 'client_credentials', scope });
      const unheld = await ask('system.erp.read system.erp.write').expect(400);
      assert.equal(unheld.body.error, 'invalid_scope');
      assert.match(unheld.body.error_description, /system\.erp\.write/);
      assertNoStore(unheld);
      const unknown = await ask('system.erp.read admin').expect(400);
      assert.equal(unknown.body.error, 'invalid_scope');
      const quoted = await ask('"<script>"').expect(400);
      assert.equal(quoted.body.error, 'invalid_scope');
      assert.doesNotMatch(quoted.body.error_description, /["\\<]/, 'error_description keeps to the RFC 6749 characters');
    });

    it('refuses a repeated parameter with invalid_request', async () => {
      const { app } = appFor();
      const response = await request(app)
        .post('/oauth/token')
        .set('Authorization', basic('erp-reader', READER_SECRET))
        .type('form')
        .send('grant_type=client_credentials&scope=system.erp.read&scope=system.wms.read')
        .expect(400);
      assert.equal(response.body.error, 'invalid_request');
      assert.match(response.body.error_description, /scope/);
    });

    it('takes only an application/x-www-form-urlencoded body of at most 8 KiB', async () => {
      const { app } = appFor();
      const json = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).send({ grant_type: 'client_credentials' }).expect(400);
      assert.equal(json.body.error, 'invalid_request');
      assert.match(json.body.error_description, /application\/x-www-form-urlencoded/);
      assertNoStore(json);
      const empty = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).expect(400);
      assert.equal(empty.body.error, 'invalid_request');
      const large = await request(app)
        .post('/oauth/token')
        .set('Authorization', basic('erp-reader', READER_SECRET))
        .type('form')
        .send(`grant_type=client_credentials&padding=${'x'.repeat(9000)}`)
        .expect(400);
      assert.equal(large.body.error, 'invalid_request');
      assert.match(large.body.error_description, /8192 bytes/);
    });

    it('answers other methods with 405 and Allow', async () => {
      const { app } = appFor();
      const response = await request(app).get('/oauth/token').expect(405);
      assert.equal(response.headers.allow, 'POST, OPTIONS');
      assert.match(response.headers['content-type'] ?? '', /application\/problem\+json/);
      const options = await request(app).options('/oauth/token').expect(204);
      assert.equal(options.headers.allow, 'POST, OPTIONS');
    });
  });

  describe('access tokens', () => {
    it('are RFC 9068 JWTs with every claim, signed by the key the JWKS publishes', async () => {
      const { app } = appFor();
      const response = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ grant_type: 'client_credentials' }).expect(200);
      const token = response.body.access_token as string;
      assert.deepEqual(decodeProtectedHeader(token), { alg: 'ES256', typ: 'at+jwt', kid: signingKey.kid });
      const { payload, protectedHeader } = await verify(app, token);
      assert.equal(protectedHeader.kid, signingKey.kid);
      const iat = Math.floor(now / 1000);
      assert.deepEqual(
        { ...payload, jti: undefined },
        { iss: ISSUER, aud: AUDIENCE, sub: 'erp-reader', client_id: 'erp-reader', scope: READER_SCOPES.join(' '), iat, nbf: iat, exp: iat + TTL, jti: undefined },
      );
      assert.equal((payload.exp as number) - (payload.iat as number), TTL);
      assert.match(payload.jti as string, /^[A-Za-z0-9_-]{22}$/, '128 random bits, base64url');
    });

    it('carry a unique jti', async () => {
      const { app } = appFor();
      const jtis = new Set<string>();
      for (let index = 0; index < 5; index += 1) {
        const response = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ grant_type: 'client_credentials' }).expect(200);
        jtis.add((await verify(app, response.body.access_token)).payload.jti as string);
      }
      assert.equal(jtis.size, 5);
    });

    it('are rejected by a verifier pinning another issuer, audience or algorithm', async () => {
      const { app, server } = appFor();
      const token = await server.issueToken('erp-reader', ['system.erp.read']);
      const jwks = createLocalJWKSet((await request(app).get('/.well-known/jwks.json')).body);
      const base = { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], typ: 'at+jwt', currentDate: new Date(now) };
      await assert.rejects(jwtVerify(token, jwks, { ...base, issuer: 'https://elsewhere.test' }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
      await assert.rejects(jwtVerify(token, jwks, { ...base, audience: 'another-api' }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
      await assert.rejects(jwtVerify(token, jwks, { ...base, algorithms: ['RS256'] }), { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
      await assert.rejects(jwtVerify(token, jwks, { ...base, currentDate: new Date(now + (TTL + 1) * 1000) }), { code: 'ERR_JWT_EXPIRED' });
    });

    it('can be issued in-process, for held scopes of a known client only', async () => {
      const { app, server } = appFor();
      const token = await server.issueToken('erp-reader', ['system.wms.read', 'system.erp.read']);
      assert.equal((await verify(app, token)).payload.scope, 'system.erp.read system.wms.read');
      await assert.rejects(server.issueToken('no-such-client', ['system.erp.read']), TypeError);
      await assert.rejects(server.issueToken('erp-reader', ['system.erp.write']), TypeError);
      await assert.rejects(server.issueToken('erp-reader', []), TypeError);
    });
  });

  describe('discovery', () => {
    it('serves RFC 8414 metadata', async () => {
      const { app } = appFor();
      const response = await request(app).get('/.well-known/oauth-authorization-server').expect(200);
      assert.deepEqual(response.body, {
        issuer: ISSUER,
        token_endpoint: `${ISSUER}/oauth/token`,
        jwks_uri: `${ISSUER}/.well-known/jwks.json`,
        scopes_supported: SCOPE_NAMES,
        response_types_supported: [],
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    });

    it('serves the public key set, cacheable, without private members', async () => {
      const { app } = appFor();
      const response = await request(app).get('/.well-known/jwks.json').expect(200);
      assert.equal(response.headers['cache-control'], 'public, max-age=300');
      assert.deepEqual(response.body, { keys: [signingKey.publicJwk] });
      assert.equal(JSON.stringify(response.body).includes('"d"'), false);
      const refused = await request(app).post('/.well-known/jwks.json').expect(405);
      assert.equal(refused.headers.allow, 'GET, HEAD, OPTIONS');
      await request(app).delete('/.well-known/oauth-authorization-server').expect(405);
      await request(app).head('/.well-known/jwks.json').expect(200);
    });
  });

  describe('options', () => {
    const refuses = (overrides: Record<string, unknown>, message: RegExp) =>
      assert.throws(() => createAuthorizationServer({ ...options(), ...overrides } as AuthorizationServerOptions), (error: unknown) => error instanceof ConfigError && message.test(error.message));

    it('are checked at creation, naming the option', () => {
      refuses({ issuer: `${ISSUER}/` }, /issuer: .*trailing slash/);
      refuses({ issuer: 'ftp://gateway.example.test' }, /issuer/);
      refuses({ issuer: `${ISSUER}?tenant=1` }, /issuer/);
      refuses({ audience: '' }, /audience/);
      refuses({ tokenTtlSeconds: 0 }, /tokenTtlSeconds/);
      refuses({ tokenTtlSeconds: 1.5 }, /tokenTtlSeconds/);
      refuses({ clients: [{ ...clients[0], secretHash: undefined }] }, /clients\.0\.secretHash: required by the built-in authorization server/);
      refuses({ clients: [{ ...clients[0], secretHash: 'plain-text-secret' }] }, /clients\.0\.secretHash: an scrypt hash/);
      refuses({ clients: [clients[0], clients[0]] }, /clients\.1\.id: client erp-reader is listed twice/);
      refuses({ clients: [{ ...clients[0], scopes: ['everything'] }] }, /clients\.0\.scopes\.0/);
      refuses({ signingKey: { ...signingKey, alg: 'HS256' } }, /signingKey\.alg/);
      refuses({ signingKey: { ...signingKey, publicJwk: { ...signingKey.publicJwk, d: 'secret' } } }, /signingKey\.publicJwk\.d/);
      refuses({ logger: console.log }, /logger/);
      refuses({ tokenTtl: 600 }, /tokenTtl/);
    });
  });

  describe('logging', () => {
    it('logs the client id and outcome, never a secret or a token', async () => {
      const { logger, lines } = capturingLogger();
      const { app } = appFor(options({ logger }));
      const issued = await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ grant_type: 'client_credentials' }).expect(200);
      const special = await request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'special-chars', client_secret: SPECIAL_SECRET }).expect(200);
      await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', 'wrong-secret-that-must-not-leak')).type('form').send({ grant_type: 'client_credentials' }).expect(401);
      await request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'erp-reader', client_secret: 'posted-secret-that-must-not-leak', scope: 'x' }).expect(401);
      await request(app).post('/oauth/token').set('Authorization', basic('erp-reader', READER_SECRET)).type('form').send({ grant_type: 'client_credentials', scope: 'system.erp.write' }).expect(400);

      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(
        records.map((record) => [record.level, record.message, record.clientId]),
        [
          ['info', 'oauth token issued', 'erp-reader'],
          ['info', 'oauth token issued', 'special-chars'],
          ['warn', 'oauth token request refused', 'erp-reader'],
          ['warn', 'oauth token request refused', 'erp-reader'],
          ['warn', 'oauth token request refused', 'erp-reader'],
        ],
      );
      assert.deepEqual(records.slice(2).map((record) => record.error), ['invalid_client', 'invalid_client', 'invalid_scope']);
      const all = lines.join('\n');
      const forbidden = [
        READER_SECRET,
        SPECIAL_SECRET,
        JSON.stringify(SPECIAL_SECRET).slice(1, -1),
        'wrong-secret-that-must-not-leak',
        'posted-secret-that-must-not-leak',
        issued.body.access_token,
        special.body.access_token,
        // A token's signature alone would be enough to recognise it.
        (issued.body.access_token as string).split('.')[2],
      ];
      for (const text of forbidden) assert.equal(all.includes(text as string), false, `the log holds ${String(text).slice(0, 12)}...`);
    });
  });
});

describe('development secrets in production', () => {
  it('are refused under NODE_ENV=production in the default configuration, naming every client and the service secret', async () => {
    const { auth } = loadConfig({ env: {} });
    await assert.rejects(assertNoDevSecretsInProduction(auth, { NODE_ENV: 'production' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      for (const client of auth.clients) assert.ok(error.message.includes(`(client ${client.id})`), `names ${client.id}`);
      assert.match(error.message, /auth\.serviceClient\.secret \(env OAUTH_CLIENT_SECRET/);
      assert.match(error.message, /npm run hash-secret/);
      for (const secret of Object.values(DEV_CLIENT_SECRETS)) assert.equal(error.message.includes(secret), false, 'the message does not repeat the secrets');
      return true;
    });
  });

  it('cover every demo client of the default configuration', () => {
    const { auth } = loadConfig({ env: {} });
    assert.deepEqual(Object.keys(DEV_CLIENT_SECRETS).sort(), auth.clients.map((client) => client.id).sort());
    assert.equal(DEV_CLIENT_SECRETS[auth.serviceClient.id], auth.serviceClient.secret);
  });

  it('are allowed outside production', async () => {
    const { auth } = loadConfig({ env: {} });
    await assertNoDevSecretsInProduction(auth, {});
    await assertNoDevSecretsInProduction(auth, { NODE_ENV: 'development' });
  });

  it('pass with fresh secrets, and catch a development hash copied to another client', async () => {
    const defaults = loadConfig({ env: {} });
    const fresh = await Promise.all(defaults.auth.clients.map(async (client) => ({ ...client, secretHash: await hashSecret(`fresh-${client.id}-secret-0123456789`, CHEAP) })));
    const auth = loadConfig({ env: {}, overrides: { auth: { clients: fresh, serviceClient: { secret: 'fresh-gateway-tiers-secret-0123' } } } }).auth;
    await assertNoDevSecretsInProduction(auth, { NODE_ENV: 'production' });

    const acme = defaults.auth.clients.find((client) => client.id === 'acme-edi');
    const copied = [...fresh.filter((client) => client.id !== 'acme-edi'), acme, { ...acme, id: 'acme-edi-prod' }];
    const withCopy = loadConfig({ env: {}, overrides: { auth: { clients: copied, serviceClient: { secret: 'fresh-gateway-tiers-secret-0123' } } } }).auth;
    await assert.rejects(assertNoDevSecretsInProduction(withCopy, { NODE_ENV: 'production' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /\(client acme-edi\)/);
      assert.match(error.message, /\(client acme-edi-prod\)/);
      assert.doesNotMatch(error.message, /serviceClient/);
      assert.doesNotMatch(error.message, /globex-dev/);
      return true;
    });

    const devServiceSecret = loadConfig({ env: { OAUTH_CLIENT_SECRET: DEV_CLIENT_SECRETS.architect }, overrides: { auth: { clients: fresh } } }).auth;
    await assert.rejects(assertNoDevSecretsInProduction(devServiceSecret, { NODE_ENV: 'production' }), /auth\.serviceClient\.secret/);
  });
});
