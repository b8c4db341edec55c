/**
 * OWASP API2:2023 Broken Authentication.
 *
 * Threats: guessing a client's secret at the token endpoint (credential stuffing per client id, or spraying many
 * client ids from one address), and calling an API with no token, an expired one, one from another issuer, an
 * unsigned one (`alg: none`) or one "signed" with HS256 using the gateway's public key as the HMAC secret.
 *
 * Proven here, through a whole gateway (its real token endpoint, real tokens, forged ones signed with its own key):
 * - after `maxFailuresPerClient` failures of one client id, that id gets 429 `too_many_attempts` with Retry-After,
 *   even with its correct secret, while another client from the same address still gets tokens; after
 *   `maxFailuresPerAddress` failures from one address, every client id from it gets 429;
 * - the lockout is checked before the secret is verified (scrypt): with one verification slot and no queue, a burst of
 *   locked-out requests is all 429 and never 503 "no verification slot", and answers far faster than one scrypt run;
 * - on one operation of every published API version (from the specs), each bad token above is a 401 problem+json with
 *   `WWW-Authenticate: Bearer ... error="invalid_token"`, while the same request with a good token is not a 401.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { SignJWT, type JWTPayload } from 'jose';
import request from 'supertest';
import { DEV_CLIENT_SECRETS } from '../../../gateway/auth/dev-secrets';
import { loadOrCreateSigningKey, type SigningKey } from '../../../gateway/auth/signing-key';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { assertProblem, clientFor, concretePath, publishedOperations, servedEntries, type SpecOperation } from './support';

const INVALID_TOKEN = /^Bearer realm="distribution-gateway", error="invalid_token"/;
type SigningInput = Parameters<SignJWT['sign']>[0];

function tokenRequest(gateway: TestGateway, clientId: string, secret: string) {
  return request(gateway.url)
    .post('/oauth/token')
    .auth(encodeURIComponent(clientId), encodeURIComponent(secret))
    .type('form')
    .send({ grant_type: 'client_credentials' });
}

describe('OWASP API2:2023 broken authentication', function () {
  this.timeout(60_000);

  describe('brute force at the token endpoint, through the real gateway', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({
        auth: { tokenEndpoint: { maxFailuresPerClient: 3, maxFailuresPerAddress: 8, failureWindowSeconds: 120, maxConcurrentVerifications: 1, maxQueuedVerifications: 0 } },
      });
    });
    after(async () => {
      await gateway?.stop();
    });

    it('locks out one client id after its failures (429 + Retry-After, correct secret included), before verifying any secret', async () => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const refused = await tokenRequest(gateway, 'globex-dev', `wrong-guess-${attempt}`);
        assert.equal(refused.status, 401, `guess ${attempt} is an ordinary failure`);
      }
      const locked = await tokenRequest(gateway, 'globex-dev', DEV_CLIENT_SECRETS['globex-dev']!);
      assert.equal(locked.status, 429, 'the correct secret is not even tried once locked out');
      assert.equal(locked.body.error, 'too_many_attempts');
      const retryAfter = Number(locked.headers['retry-after']);
      assert.ok(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 120, `Retry-After ${locked.headers['retry-after']}`);
      assert.equal(locked.body.access_token, undefined);

      // Checked before scrypt: one verification slot and no queue, so requests that reached scrypt together would
      // mostly be refused 503 for want of a slot. Locked-out requests never ask for one.
      const started = Date.now();
      const burst = await Promise.all(Array.from({ length: 12 }, (_, index) => tokenRequest(gateway, 'globex-dev', `burst-${index}`)));
      const elapsed = Date.now() - started;
      assert.deepEqual(burst.map((answer) => answer.status), Array(12).fill(429), 'every locked-out request is 429, none waited for a verification slot');
      assert.ok(elapsed < 12 * 40, `12 locked-out answers took ${elapsed} ms: no scrypt run among them`);

      // Another client id from the same address is not locked by globex's failures.
      const other = await tokenRequest(gateway, 'initech-dev', DEV_CLIENT_SECRETS['initech-dev']!);
      assert.equal(other.status, 200, JSON.stringify(other.body));
    });

    it('locks out an address spraying client ids, whatever client it asks for next', async () => {
      let status = 0;
      for (let attempt = 0; attempt < 10 && status !== 429; attempt += 1) {
        status = (await tokenRequest(gateway, `sprayed-${attempt}`, 'password1')).status;
      }
      assert.equal(status, 429, 'the address is locked out within maxFailuresPerAddress failures');
      const correct = await tokenRequest(gateway, 'acme-edi', DEV_CLIENT_SECRETS['acme-edi']!);
      assert.equal(correct.status, 429);
      assert.ok(Number(correct.headers['retry-after']) > 0, 'Retry-After');
      assert.equal(correct.body.error, 'too_many_attempts');
    });
  });

  describe('bad access tokens on every API version', () => {
    let gateway: TestGateway;
    let key: SigningKey;
    const now = () => Math.floor(Date.now() / 1000);

    /** One operation of every served version that the internal or partner clients can call (a GET when there is one). */
    const probes = (): Array<{ operation: SpecOperation; clientId: string }> =>
      servedEntries().map((entry) => {
        const operations = publishedOperations().filter((operation) => operation.entry.id === entry.id);
        const operation = operations.find((candidate) => candidate.method === 'get') ?? operations[0]!;
        const client = clientFor(operation);
        assert.ok(client, `a configured client may call ${operation.name}`);
        return { operation, clientId: client.id };
      });

    function claims(clientId: string, scope: string, changes: JWTPayload = {}): JWTPayload {
      return { iss: gateway.url, aud: 'distribution-gateway', sub: clientId, client_id: clientId, scope, iat: now(), exp: now() + 300, jti: `owasp-${Math.random()}`, ...changes };
    }
    const sign = (payload: JWTPayload, header: Record<string, unknown> = {}) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid, ...header }).sign(key.privateKey as SigningInput);

    before(async () => {
      gateway = await startTestGateway();
      key = await loadOrCreateSigningKey(path.join(gateway.dataDir, 'oauth-signing-key.json'));
    });
    after(async () => {
      await gateway?.stop();
    });

    it('answers 401 problem+json with WWW-Authenticate for no token, expired, other issuer, alg none and HS256-with-the-public-key', async () => {
      const entries = probes();
      assert.equal(entries.length, servedEntries().length);
      for (const { operation, clientId } of entries) {
        const scope = operation.scopes.join(' ');
        const url = concretePath(operation, {}, 'X1');
        const call = (token?: string) => {
          const pending = request(gateway.url)[operation.method as 'get'](url);
          return token === undefined ? pending : pending.set('Authorization', `Bearer ${token}`);
        };

        const good = await call(await sign(claims(clientId, scope)));
        assert.notEqual(good.status, 401, `${operation.name}: a sound forged token is accepted (the forging is right): ${JSON.stringify(good.body)}`);

        const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: key.kid })).toString('base64url')}.${Buffer.from(JSON.stringify(claims(clientId, scope))).toString('base64url')}.`;
        const hs256 = await new SignJWT(claims(clientId, scope))
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })
          .sign(new TextEncoder().encode(JSON.stringify(key.publicJwk)));
        const bad: Record<string, string | undefined> = {
          'no token': undefined,
          expired: await sign(claims(clientId, scope, { iat: now() - 3600, exp: now() - 600 })),
          'another issuer': await sign(claims(clientId, scope, { iss: 'https://idp.attacker.example' })),
          'alg none': unsigned,
          'HS256 with the public key': hs256,
        };
        for (const [what, token] of Object.entries(bad)) {
          const response = await call(token);
          const body = assertProblem(response, 401, `${operation.name} with ${what}`);
          assert.equal(body.code, 'ERR_UNAUTHENTICATED');
          assert.match(response.headers['www-authenticate'] ?? '', INVALID_TOKEN, `${operation.name} with ${what}: WWW-Authenticate`);
        }
      }
    });
  });
});
