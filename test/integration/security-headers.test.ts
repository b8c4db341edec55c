/**
 * Misconfiguration defences through a whole gateway: helmet's security headers on every API response (problems
 * and the token endpoint included) and the portal's Swagger-UI-compatible CSP, CORS closed by default and open only
 * to a configured origin, and no `X-Powered-By` anywhere. (That the portal's CSP still lets Swagger UI's try-it run
 * is checked in a real browser by test/e2e/portal.e2e.test.ts.)
 */
import assert from 'node:assert/strict';
import express from 'express';
import request, { type Response } from 'supertest';
import { DEFAULTS as CORS_DEFAULTS } from '../../policies/cors';
import { createSecurityHeaders } from '../../policies/security-headers';
import { DEV_CLIENT_SECRETS } from '../../gateway/auth/dev-secrets';
import { startTestGateway, type TestGateway } from '../support/gateway';

const ORIGIN = 'https://app.example.com';
const V2 = '/partner/customers/v2';

function assertApiHeaders(response: Response, what: string): void {
  const headers = response.headers;
  assert.equal(headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", what);
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['referrer-policy'], 'no-referrer', what);
  assert.equal(headers['cross-origin-resource-policy'], 'same-origin', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['strict-transport-security'], undefined, `${what}: no HSTS unless configured`);
  assert.equal(headers['x-powered-by'], undefined, what);
}

function assertNoCors(response: Response, what: string): void {
  const cors = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
  assert.deepEqual(cors, [], what);
}

describe('security headers and CORS (integration)', function () {
  this.timeout(30_000);

  describe('by default', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({ throttling: { plans: { bronze: { limit: 1, windowSeconds: 60 }, gold: { limit: 1000, windowSeconds: 60 }, internal: { limit: 1000, windowSeconds: 60 } } } });
    });
    after(async () => {
      await gateway?.stop();
    });

    it('puts the API policy on successes, 401, 404 and 429 problems, health and the token endpoint', async () => {
      const initech = await gateway.as('initech-dev');
      const ok = await initech.get(`${V2}/orders`).query({ customerReference: 'NONE' }).expect(200);
      assertApiHeaders(ok, '200');
      const limited = await initech.get(`${V2}/orders`).query({ customerReference: 'NONE' }).expect(429);
      assert.match(limited.headers['content-type'] ?? '', /problem\+json/);
      assertApiHeaders(limited, '429');
      assertApiHeaders(await request(gateway.url).get(`${V2}/orders`).expect(401), '401');
      assertApiHeaders(await request(gateway.url).get('/no/such/route').expect(404), '404');
      assertApiHeaders(await request(gateway.url).get('/health/live').expect(200), 'health');
      const token = await request(gateway.url)
        .post('/oauth/token')
        .auth('globex-dev', DEV_CLIENT_SECRETS['globex-dev'] ?? '')
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200);
      assertApiHeaders(token, 'token endpoint');
      assertApiHeaders(await request(gateway.url).post('/oauth/token').type('form').send({ grant_type: 'client_credentials' }), 'token endpoint refusal');
    });

    it('gives the portal a CSP that runs Swagger UI from this origin only: scripts from self, inline styles by hash, calls to self', async () => {
      for (const path of ['/portal/', '/portal/partner/customers/v2/', '/portal/problems']) {
        const page = await request(gateway.url).get(path).expect(200);
        const csp = page.headers['content-security-policy'] ?? '';
        assert.match(csp, /(^|;)default-src 'none'(;|$)/, path);
        assert.match(csp, /(^|;)script-src 'self'(;|$)/, path);
        assert.match(csp, /(^|;)style-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+(;|$)/, path);
        assert.match(csp, /(^|;)connect-src 'self'(;|$)/, path);
        assert.match(csp, /(^|;)frame-ancestors 'none'(;|$)/, path);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
        assert.equal(page.headers['x-content-type-options'], 'nosniff', path);
        assert.equal(page.headers['x-powered-by'], undefined, path);
        assertNoCors(page, path);
      }
    });

    it('keeps CORS closed: no Access-Control-* on actual requests, preflights answered 204 without allow headers', async () => {
      const actual = await request(gateway.url).get(`${V2}/orders`).set('Origin', ORIGIN).expect(401);
      assertNoCors(actual, 'actual request');
      assert.equal(actual.headers.vary, undefined);
      const preflight = await request(gateway.url)
        .options(`${V2}/orders`)
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type')
        .expect(204);
      assertNoCors(preflight, 'preflight');
      assertApiHeaders(preflight, 'preflight');
      assert.equal(preflight.text, '');
    });
  });

  describe('with an allowed origin and HSTS configured', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({ server: { cors: { allowedOrigins: [ORIGIN] }, hsts: { enabled: true } } });
    });
    after(async () => {
      await gateway?.stop();
    });

    it('answers that origin’s preflight with the allowed methods and headers, and nobody else’s', async () => {
      const preflight = await request(gateway.url)
        .options(`${V2}/orders`)
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key')
        .expect(204);
      assert.equal(preflight.headers['access-control-allow-origin'], ORIGIN);
      assert.equal(preflight.headers['access-control-allow-methods'], CORS_DEFAULTS.allowedMethods.join(', '));
      assert.equal(preflight.headers['access-control-allow-headers'], 'Authorization, Content-Type, Idempotency-Key, X-Correlation-Id, traceparent');
      assert.equal(preflight.headers['access-control-max-age'], '600');
      assert.equal(preflight.headers['access-control-allow-credentials'], undefined, 'bearer tokens, never cookies');
      assert.match(preflight.headers.vary ?? '', /Origin/);
      const other = await request(gateway.url).options(`${V2}/orders`).set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST').expect(204);
      assertNoCors(other, 'another origin’s preflight');
      assert.match(other.headers.vary ?? '', /Origin/);
    });

    it('lets that origin read the actual response and its exposed headers, on successes and problems alike', async () => {
      const globex = await gateway.as('globex-dev');
      const ok = await globex.get(`${V2}/orders`).query({ customerReference: 'NONE' }).set('Origin', ORIGIN).expect(200);
      assert.equal(ok.headers['access-control-allow-origin'], ORIGIN);
      assert.equal(ok.headers['access-control-expose-headers'], 'Location, RateLimit, RateLimit-Policy, Retry-After, Deprecation, Sunset, Link, X-Correlation-Id, Idempotent-Replayed');
      const denied = await request(gateway.url).get(`${V2}/orders`).set('Origin', ORIGIN).expect(401);
      assert.equal(denied.headers['access-control-allow-origin'], ORIGIN);
      const other = await request(gateway.url).get(`${V2}/orders`).set('Origin', 'https://evil.example').expect(401);
      assertNoCors(other, 'another origin');
      assert.equal((await request(gateway.url).get(`${V2}/orders`).set('Origin', `${ORIGIN}.evil.example`).expect(401)).headers['access-control-allow-origin'], undefined);
    });

    it('sends Strict-Transport-Security when configured', async () => {
      const response = await request(gateway.url).get('/health/live').expect(200);
      assert.equal(response.headers['strict-transport-security'], 'max-age=31536000');
      const portal = await request(gateway.url).get('/portal/').expect(200);
      assert.equal(portal.headers['strict-transport-security'], 'max-age=31536000');
    });
  });

  it('lets the portal’s Authorize dialog reach an external token endpoint, and only that one', async () => {
    const app = express();
    app.use(createSecurityHeaders({ hsts: { enabled: false, maxAgeSeconds: 0, includeSubDomains: false, preload: false }, portalPath: '/portal', tokenUrl: 'https://idp.example.com/oauth2/token?x=1' }));
    app.get('/portal/', (_request, response) => response.type('html').send('<!doctype html>'));
    app.get('/api', (_request, response) => response.json({}));
    const portal = await request(app).get('/portal/').expect(200);
    assert.match(portal.headers['content-security-policy'] ?? '', /(^|;)connect-src 'self' https:\/\/idp\.example\.com\/oauth2\/token(;|$)/);
    const api = await request(app).get('/api').expect(200);
    assert.equal(api.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'");
  });

  it('refuses wildcard or malformed origins at start, naming the key', async () => {
    for (const allowedOrigins of [['*'], ['https://app.example.com/'], ['null'], ['https://*.example.com']]) {
      await assert.rejects(startTestGateway({ server: { cors: { allowedOrigins } } }), /server\.cors\.allowedOrigins\.0/);
    }
  });
});
