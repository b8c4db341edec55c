/**
 * An external identity provider's answers are read whole (discovery metadata, token responses, the JWKS), so each is
 * bounded: an answer over IDENTITY_PROVIDER_MAX_BYTES is refused, with or without a Content-Length, and the small,
 * well-formed answers still work (the controls).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { discoverTokenEndpoint } from '../../../gateway/auth/discovery';
import { IDENTITY_PROVIDER_MAX_BYTES } from '../../../gateway/auth/identity-provider-answers';
import { createServiceTokenProvider } from '../../../gateway/auth/service-token';
import { createTokenVerifier } from '../../../gateway/auth/token-verifier';
import { GatewayError } from '../../../gateway/errors';

const OVERSIZED = IDENTITY_PROVIDER_MAX_BYTES + 1024;

/** A JSON document of more than `bytes` bytes: the small document plus padding in an extra member. */
function padded(document: Record<string, unknown>, bytes: number): string {
  return JSON.stringify({ ...document, padding: 'x'.repeat(bytes) });
}

describe('identity-provider answers are bounded', function () {
  let server: http.Server;
  let base: string;
  let token: string;
  let jwks: string;

  before(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] });
    server = http.createServer((request, response) => {
      const json = (body: string, declared = true) => {
        response.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': Buffer.byteLength(body) } : {}) });
        response.end(body);
      };
      const metadata = (issuer: string) => ({ issuer: `${base}${issuer}`, token_endpoint: `${base}${issuer}/token` });
      switch (request.url) {
        case '/jwks':
          return json(jwks);
        case '/big-jwks':
          return json(padded(JSON.parse(jwks) as Record<string, unknown>, OVERSIZED));
        case '/big-jwks-chunked':
          return json(padded(JSON.parse(jwks) as Record<string, unknown>, OVERSIZED), false);
        case '/small/.well-known/oauth-authorization-server':
          return json(JSON.stringify(metadata('/small')));
        case '/big/.well-known/oauth-authorization-server':
        case '/big/.well-known/openid-configuration':
          return json(padded(metadata('/big'), OVERSIZED));
        case '/small/token':
          return json(JSON.stringify({ access_token: 'small', token_type: 'Bearer', expires_in: 300 }));
        case '/big/token':
          return json(padded({ access_token: 'big', token_type: 'Bearer', expires_in: 300 }, OVERSIZED), false);
        default:
          response.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    token = await new SignJWT({ scope: 'partner.orders.read', client_id: 'acme' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
      .setIssuer('https://idp.test')
      .setAudience('distribution-gateway')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const verifierFor = (path: string) =>
    createTokenVerifier({ issuer: 'https://idp.test', audience: 'distribution-gateway', algorithms: ['ES256'], clockToleranceSeconds: 5, keys: { remote: new URL(`${base}${path}`), cacheMaxAgeMs: 60_000, cooldownMs: 0, timeoutMs: 5000 } });

  it('verifies against a JWKS of a normal size (the control)', async () => {
    assert.equal((await verifierFor('/jwks')(token)).client_id, 'acme');
  });

  for (const path of ['/big-jwks', '/big-jwks-chunked']) {
    it(`refuses a JWKS over the bound as keys unavailable (503), never reading it whole (${path.endsWith('chunked') ? 'no Content-Length' : 'by its Content-Length'})`, async () => {
      await assert.rejects(verifierFor(path)(token), (error: unknown) => error instanceof GatewayError && error.code === 'ERR_AUTH_UNAVAILABLE');
    });
  }

  it('discovers a token endpoint from small metadata, and none from metadata over the bound', async () => {
    assert.equal(await discoverTokenEndpoint(`${base}/small`), `${base}/small/token`);
    await assert.rejects(discoverTokenEndpoint(`${base}/big`), /no token endpoint published/);
  });

  it('takes a small token response, and refuses one over the bound as the issuer unavailable', async () => {
    const tokens = (path: string) => createServiceTokenProvider({ tokenUrl: `${base}${path}`, clientId: 'gateway', clientSecret: 'secret', scopes: ['process.orders.write'] });
    assert.equal(await tokens('/small/token').token(), 'small');
    await assert.rejects(tokens('/big/token').token(), (error: unknown) => error instanceof GatewayError && error.code === 'ERR_AUTH_UNAVAILABLE');
  });
});
