/**
 * The gateway behind an external identity provider: a real authorization server (oidc-provider, client credentials,
 * RFC 9068 JWT access tokens for an RFC 8707 resource indicator, ES256 keys made with jose) instead of the built-in
 * one. Tokens are verified against the provider's JWKS, the gateway's own tiers get their token from the provider,
 * a key rotation is picked up without a restart, and an issuer outage is a 503 once the cached keys are stale.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { SCOPE_NAMES } from '../../gateway/auth/scopes';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { startTestIdp, type TestIdp } from '../support/oidc-provider';
import { waitForPartnerOrder } from '../support/orders';

/** RFC 8707 resource indicators must be absolute URIs (oidc-provider refuses `resource=distribution-gateway`). */
const RESOURCE = 'urn:distribution-gateway';
const OTHER_RESOURCE = 'urn:another-api';
const AUDIENCE = 'distribution-gateway';
const TIER_SCOPES = 'gateway.tier process.orders.read process.orders.write process.inventory.read system.erp.read system.erp.write system.wms.read system.wms.write';

const JWKS_CACHE_MAX_AGE_MS = 1500;
const JWKS_COOLDOWN_MS = 100;

const secret = () => randomBytes(24).toString('base64url');
const secrets = { crm: secret(), globex: secret(), tiers: secret() };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sequence = 0;
const orderBody = () => ({
  purchaseOrderNumber: `PO-IDP-${Date.now()}-${(sequence += 1)}`,
  customerNumber: '0010100001',
  lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }],
});

describe('behind an external identity provider (oidc-provider)', function () {
  this.timeout(30_000);
  let idp: TestIdp | undefined;
  let gateway: TestGateway | undefined;

  const provider = () => idp as TestIdp;
  const api = () => request((gateway as TestGateway).url);
  const crmToken = (scope = 'system.erp.read') => provider().token('internal-crm', { scope, resource: RESOURCE });
  const readCustomer = (token: string) => api().get('/system/erp/v1/customers/0010100001').set('Authorization', `Bearer ${token}`);

  before(async () => {
    idp = await startTestIdp({
      clients: [
        { id: 'internal-crm', secret: secrets.crm, scopes: ['process.orders.read', 'process.orders.write', 'system.erp.read', 'system.wms.read'] },
        { id: 'globex-dev', secret: secrets.globex, scopes: ['partner.orders.read', 'partner.orders.write'] },
        { id: 'gateway-tiers', secret: secrets.tiers, scopes: TIER_SCOPES.split(' ') },
      ],
      resources: {
        [RESOURCE]: { audience: AUDIENCE, scopes: SCOPE_NAMES },
        [OTHER_RESOURCE]: { audience: 'another-api', scopes: SCOPE_NAMES },
      },
    });
    gateway = await startTestGateway({
      auth: {
        issuer: idp.issuer,
        jwksUri: idp.jwksUri,
        audience: AUDIENCE,
        jwksCacheMaxAgeMs: JWKS_CACHE_MAX_AGE_MS,
        jwksCooldownMs: JWKS_COOLDOWN_MS,
        jwksTimeoutMs: 1000,
        // No default audience or scopes at the provider: the gateway's own token request names both (RFC 8707).
        serviceClient: { id: 'gateway-tiers', secret: secrets.tiers, resource: RESOURCE },
      },
    });
  });

  after(async () => {
    await gateway?.stop();
    await idp?.stop();
  });

  it('gets RFC 9068 JWT access tokens (typ at+jwt) for the gateway’s audience from the provider, unknown scopes dropped', async () => {
    const response = await provider().tokenResponse('internal-crm', { scope: 'system.erp.read no.such.scope', resource: RESOURCE });
    assert.equal(response.token_type, 'Bearer');
    assert.equal(response.scope, 'system.erp.read');
    const header = decodeProtectedHeader(response.access_token);
    assert.equal(header.typ, 'at+jwt');
    assert.equal(header.alg, 'ES256');
    assert.equal(header.kid, provider().kids[0]);
    const claims = decodeJwt(response.access_token);
    assert.equal(claims.iss, provider().issuer);
    assert.equal(claims.aud, AUDIENCE);
    assert.equal(claims.client_id, 'internal-crm');
    assert.equal(claims.scope, 'system.erp.read');
  });

  it('lets an internal app read from a system API', async () => {
    const response = await readCustomer(await crmToken()).expect(200);
    assert.equal(response.body.customerNumber, '0010100001');
  });

  it('lets a partner place an order through partner → process → system, the tiers using their own token from the provider', async () => {
    const before = provider().tokenRequests('gateway-tiers');
    const token = await provider().token('globex-dev', { scope: 'partner.orders.read partner.orders.write', resource: RESOURCE });
    const response = await api().post('/partner/customers/v1/orders').set('Authorization', `Bearer ${token}`).send(orderBody());
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.status, 'RECEIVED');
    assert.equal(response.body.customerNumber, '0010100001');
    // The process tier's workflow reaches the ERP through the system tier after the 201, with the tiers' token too.
    const partner = { get: (path: string) => api().get(path).set('Authorization', `Bearer ${token}`) };
    const confirmed = await waitForPartnerOrder(partner, response.headers.location as string);
    assert.equal(confirmed.status, 'CONFIRMED', JSON.stringify(confirmed));
    assert.match(confirmed.salesOrderNumber, /^\d+$/);
    assert.equal(confirmed.customerNumber, '0010100001');
    assert.ok(provider().tokenRequests('gateway-tiers') > before, 'the gateway’s service client asked the provider for its token');
  });

  it('refuses (401 invalid_token) a token the provider issued for another audience', async () => {
    const token = await provider().token('internal-crm', { scope: 'system.erp.read', resource: OTHER_RESOURCE });
    assert.equal(decodeJwt(token).aud, 'another-api');
    const response = await readCustomer(token).expect(401);
    assert.equal(response.body.code, 'ERR_UNAUTHENTICATED');
    assert.match(response.body.detail, /audience/);
    assert.match(response.headers['www-authenticate'] ?? '', /^Bearer .*error="invalid_token"/);
  });

  it('refuses (403 insufficient_scope) a token without the scope the operation needs', async () => {
    const response = await readCustomer(await crmToken('system.wms.read')).expect(403);
    assert.equal(response.body.code, 'ERR_FORBIDDEN');
    assert.match(response.headers['www-authenticate'] ?? '', /error="insufficient_scope", scope="system\.erp\.read"/);
  });

  it('points the portal’s try-it at the provider’s token endpoint', async () => {
    const spec = (await api().get('/portal/specs/partner/customers/v2.json').expect(200)).body;
    assert.equal(spec.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl, provider().tokenEndpoint);
    const yaml = (await api().get('/portal/specs/partner/customers/v2.yaml').expect(200)).text;
    assert.ok(yaml.includes(provider().tokenEndpoint));
  });

  it('leaves the built-in authorization server off', async () => {
    await api().post('/oauth/token').type('form').send({ grant_type: 'client_credentials' }).expect(404);
    await api().get('/.well-known/jwks.json').expect(404);
  });

  it('accepts tokens signed with a rotated key without a restart (unknown kid → JWKS refetch after the cooldown)', async () => {
    const oldToken = await crmToken();
    // Let the cached keys go stale, so that this request refetches them: they are fresh for JWKS_CACHE_MAX_AGE_MS from
    // here, and the refetch below is the unknown kid's doing, not their age.
    await sleep(JWKS_CACHE_MAX_AGE_MS + 100);
    const staleFetches = provider().jwksFetches();
    await readCustomer(oldToken).expect(200);
    const refreshedAt = Date.now();
    assert.equal(provider().jwksFetches(), staleFetches + 1);
    const fetchesBefore = provider().jwksFetches();
    const oldKid = provider().kids[0];

    const newKid = await provider().rotateKey();
    const newToken = await crmToken();
    assert.equal(decodeProtectedHeader(newToken).kid, newKid);
    assert.notEqual(newKid, oldKid);
    await sleep(JWKS_COOLDOWN_MS + 50);

    await readCustomer(newToken).expect(200);
    assert.ok(Date.now() - refreshedAt < JWKS_CACHE_MAX_AGE_MS, 'the cached keys were still fresh');
    assert.equal(provider().jwksFetches(), fetchesBefore + 1, 'one JWKS refetch for the new kid');
    // The old key is still published after the new one: its tokens stay valid until they expire.
    await readCustomer(oldToken).expect(200);
  });

  it('answers 503 ERR_AUTH_UNAVAILABLE (not 401) while the issuer is down and the cached keys are stale, and recovers', async () => {
    const token = await crmToken();
    await sleep(JWKS_CACHE_MAX_AGE_MS + 100);
    // Stale cache: this request refetches the keys, which are fresh for JWKS_CACHE_MAX_AGE_MS from now.
    const fetchesBefore = provider().jwksFetches();
    await readCustomer(token).expect(200);
    const refreshedAt = Date.now();
    assert.equal(provider().jwksFetches(), fetchesBefore + 1);

    await provider().stop();
    assert.ok(Date.now() - refreshedAt < JWKS_CACHE_MAX_AGE_MS - 300, 'the provider stopped while the cached keys are still fresh');
    await readCustomer(token).expect(200);

    await sleep(refreshedAt + JWKS_CACHE_MAX_AGE_MS + 100 - Date.now());
    const down = await readCustomer(token).expect(503);
    assert.match(down.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(down.body.code, 'ERR_AUTH_UNAVAILABLE');
    assert.equal(down.body.status, 503);
    assert.ok(down.headers['retry-after'], 'a Retry-After header');
    assert.doesNotMatch(down.headers['www-authenticate'] ?? '', /invalid_token/);

    await provider().start();
    await readCustomer(token).expect(200);
  });

  // The tiers' cached service token was signed by the withdrawn key: the next tier answers 401, the gateway renews
  // the token once and resends (gateway/http/tier-client.ts).
  it('recovers partner calls after an emergency rotation that withdraws the old key', async () => {
    const place = async () =>
      api()
        .post('/partner/customers/v1/orders')
        .set('Authorization', `Bearer ${await provider().token('globex-dev', { scope: 'partner.orders.write', resource: RESOURCE })}`)
        .send(orderBody());
    // The tiers now hold a service token signed by the current key.
    assert.equal((await place()).status, 201);
    await provider().rotateKey({ dropOldKeys: true });

    const statuses: number[] = [];
    let lastPlaced: request.Response | undefined;
    for (let attempt = 0; attempt < 3 && statuses.at(-1) !== 201; attempt += 1) {
      await sleep(JWKS_COOLDOWN_MS + 50);
      const response = await place();
      statuses.push(response.status);
      lastPlaced = response;
    }
    assert.equal(statuses.at(-1), 201, `partner calls after the rotation answered ${statuses.join(', ')}`);
    // The workflow's later calls from the process tier to the system tier carry the tiers' token too: the order is posted.
    const placed = lastPlaced as request.Response;
    const readToken = await provider().token('globex-dev', { scope: 'partner.orders.read', resource: RESOURCE });
    const partner = { get: (path: string) => api().get(path).set('Authorization', `Bearer ${readToken}`) };
    assert.equal((await waitForPartnerOrder(partner, placed.headers.location as string)).status, 'CONFIRMED');
  });
});
