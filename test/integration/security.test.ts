/**
 * Every API of every tier answers only to a verified token with the operation's scope: each way a token can be
 * wrong is a 401 with `WWW-Authenticate: Bearer error="invalid_token"`, a missing scope a 403 naming it, and only the
 * portal, the catalog, health and the token endpoints answer without one. Tokens here come from the gateway's real
 * token endpoint, or are forged with the gateway's own key (or another) to make each failure exact.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import request from 'supertest';
import { loadOrCreateSigningKey, type SigningKey } from '../../gateway/auth/signing-key';
import { loadCatalog } from '../../openapi/catalog';
import { startTestGateway, type TestGateway } from '../support/gateway';

const INVALID_TOKEN = /^Bearer realm="distribution-gateway", error="invalid_token"/;
const READ_CUSTOMER = '/system/erp/v1/customers/0010100001';
type SigningInput = Parameters<SignJWT['sign']>[0];

describe('security: tokens and scopes (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let key: SigningKey;
  const now = () => Math.floor(Date.now() / 1000);

  /** A token shaped like the built-in server's, with `changes` applied, signed with the gateway's key unless told. */
  async function forge(changes: JWTPayload = {}, options: { header?: Record<string, unknown>; signWith?: SigningInput; kid?: string } = {}): Promise<string> {
    const claims: JWTPayload = {
      iss: gateway.url,
      aud: 'distribution-gateway',
      sub: 'internal-crm',
      client_id: 'internal-crm',
      scope: 'system.erp.read process.orders.read',
      iat: now(),
      exp: now() + 300,
      jti: `forged-${Math.random()}`,
      ...changes,
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: options.kid ?? key.kid, ...options.header })
      .sign(options.signWith ?? (key.privateKey as SigningInput));
  }

  async function expectInvalid(token: string | undefined, detail: RegExp): Promise<void> {
    const call = request(gateway.url).get(READ_CUSTOMER);
    const response = await (token === undefined ? call : call.set('Authorization', `Bearer ${token}`)).expect(401).expect('content-type', /problem\+json/);
    assert.match(response.headers['www-authenticate'] ?? '', INVALID_TOKEN);
    assert.equal(response.body.code, 'ERR_UNAUTHENTICATED');
    assert.match(response.body.detail, detail);
  }

  before(async () => {
    gateway = await startTestGateway();
    key = await loadOrCreateSigningKey(path.join(gateway.dataDir, 'oauth-signing-key.json'));
  });
  after(async () => {
    await gateway?.stop();
  });

  it('accepts a token from its own token endpoint, and a forged-but-correct one (the forging is sound)', async () => {
    await request(gateway.url).get(READ_CUSTOMER).set('Authorization', `Bearer ${await gateway.token('internal-crm')}`).expect(200);
    await request(gateway.url).get(READ_CUSTOMER).set('Authorization', `Bearer ${await forge()}`).expect(200);
  });

  it('answers 401 invalid_token for a missing, malformed or non-Bearer credential', async () => {
    await expectInvalid(undefined, /access token is required/);
    await expectInvalid('not-a-jwt', /malformed/);
    await expectInvalid('a.b.c', /malformed|invalid/);
    const basic = await request(gateway.url).get(READ_CUSTOMER).set('Authorization', 'Basic aW50ZXJuYWwtY3JtOng=').expect(401);
    assert.match(basic.headers['www-authenticate'] ?? '', INVALID_TOKEN);
  });

  it('answers 401 for expired, not-yet-valid, wrong-issuer, wrong-audience and non-access tokens', async () => {
    await expectInvalid(await forge({ iat: now() - 3600, exp: now() - 120 }), /expired/);
    await expectInvalid(await forge({ nbf: now() + 600, iat: now() }), /not valid yet/);
    await expectInvalid(await forge({ iss: 'https://idp.example' }), /another issuer/);
    await expectInvalid(await forge({ aud: 'someone-else' }), /another audience/);
    await expectInvalid(await forge({}, { header: { typ: 'JWT' } }), /not an access token/);
  });

  it('tolerates a small clock skew (30 s) but no more', async () => {
    await request(gateway.url).get(READ_CUSTOMER).set('Authorization', `Bearer ${await forge({ iat: now() - 400, exp: now() - 10 })}`).expect(200);
    await expectInvalid(await forge({ iat: now() - 400, exp: now() - 60 }), /expired/);
  });

  it('answers 401 for a token signed by another key, even one claiming our kid', async () => {
    const other = await generateKeyPair('ES256');
    await expectInvalid(await forge({}, { signWith: other.privateKey }), /signature is invalid/);
    await expectInvalid(await forge({}, { signWith: other.privateKey, kid: 'someone-elses-key' }), /unknown key/);
  });

  it('refuses alg none and HS256 signed with the public key (algorithm confusion)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: key.kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: gateway.url, aud: 'distribution-gateway', client_id: 'internal-crm', scope: 'system.erp.read', iat: now(), exp: now() + 300 })).toString('base64url');
    await expectInvalid(`${header}.${payload}.`, /algorithm|malformed|invalid/);

    const hmacSecret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const confused = await new SignJWT({ iss: gateway.url, aud: 'distribution-gateway', client_id: 'internal-crm', scope: 'system.erp.read', iat: now(), exp: now() + 300 })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })
      .sign(hmacSecret);
    await expectInvalid(confused, /algorithm/);
  });

  it('refuses a token in the query string, even a valid one', async () => {
    const token = await gateway.token('internal-crm');
    const response = await request(gateway.url).get(`${READ_CUSTOMER}?access_token=${token}`).expect(401);
    assert.match(response.body.detail, /never in the query string/);
    await request(gateway.url).get(`${READ_CUSTOMER}?access_token=${token}`).set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('answers 403 insufficient_scope naming the scope, for a valid token without it', async () => {
    const readOnly = await gateway.as('internal-crm', 'process.orders.read');
    const response = await readOnly.post('/process/orders/v1/orders').send({}).expect(403).expect('content-type', /problem\+json/);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="distribution-gateway", error="insufficient_scope", scope="process.orders.write"');
    assert.deepEqual(response.body.requiredScopes, ['process.orders.write']);
    assert.equal(response.body.code, 'ERR_FORBIDDEN');
  });

  it('never grants a scope the configuration does not give the client, whatever the token says', async () => {
    // A token (validly signed) claiming a scope internal-crm is not configured for.
    const widened = await forge({ scope: 'system.erp.read system.erp.write' });
    await request(gateway.url).post('/system/erp/v1/sales-orders').set('Authorization', `Bearer ${widened}`).send({}).expect(403);
  });

  it('answers without a token only on the portal, the catalog, health and the token endpoints', async () => {
    for (const open of ['/portal/', '/portal/catalog.json', '/portal/system/erp/v1/', '/health/live', '/health/ready', '/.well-known/jwks.json', '/.well-known/oauth-authorization-server']) {
      const response = await request(gateway.url).get(open);
      assert.ok(response.status < 400, `${open} answered ${response.status}`);
    }
    for (const entry of loadCatalog()) {
      await request(gateway.url).get(`${entry.basePath}/anything`).expect(401);
    }
    // The metrics need operations.read on the main port (unauthenticated only on a separate metrics.port).
    await request(gateway.url).get('/metrics').expect(401);
  });

  it('declares the scopes of every operation of every spec in an OAuth2 client-credentials scheme try-it can use', async () => {
    const { body } = await request(gateway.url).get('/portal/catalog.json').expect(200);
    for (const entry of body.apis as Array<{ id: string; specUrl: string }>) {
      const spec = (await request(gateway.url).get(entry.specUrl).expect(200)).body;
      const flow = spec.components.securitySchemes.oauth2.flows.clientCredentials;
      assert.equal(flow.tokenUrl, '/oauth/token');
      await request(gateway.url).post(flow.tokenUrl).type('form').send({ grant_type: 'client_credentials' }).expect(401); // the URL is real
      for (const [pathName, item] of Object.entries(spec.paths as Record<string, Record<string, { security?: Array<{ oauth2?: string[] }> }>>)) {
        for (const [method, operation] of Object.entries(item)) {
          const scopes = operation.security?.flatMap((requirement) => requirement.oauth2 ?? []) ?? [];
          assert.ok(scopes.length > 0, `${entry.id} ${method.toUpperCase()} ${pathName} declares no scope`);
          for (const scope of scopes) assert.ok(flow.scopes[scope], `${scope} is described in the scheme`);
        }
      }
    }
  });
});
