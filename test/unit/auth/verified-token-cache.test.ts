/**
 * The verified-token cache: a reused token is verified once; failures, expired tokens and aged entries are
 * verified again; the bound holds. The inner verifier is a counting fake, since what is under test is when the
 * cache asks it; the real verifier's checks are covered by the authentication tests against real tokens.
 */
import assert from 'node:assert/strict';
import { withVerifiedTokenCache } from '../../../gateway/auth/verified-token-cache';
import type { AccessTokenClaims, TokenVerifier } from '../../../gateway/auth/token-verifier';
import { GatewayError } from '../../../gateway/errors';

describe('verified-token cache', () => {
  let clock: number;
  let calls: string[];
  /** Valid tokens are "ok:<exp seconds>"; anything else fails like a bad signature. */
  const inner: TokenVerifier = async (token) => {
    calls.push(token);
    const match = /^ok:(\d+)$/.exec(token);
    if (!match) throw new GatewayError('ERR_UNAUTHENTICATED', 'The access token signature is invalid');
    return { client_id: 'c', exp: Number(match[1]), iat: 0, scope: 'a b' } satisfies AccessTokenClaims;
  };
  const cache = (overrides: Partial<{ maxEntries: number; maxAgeSeconds: number }> = {}) =>
    withVerifiedTokenCache(inner, { maxEntries: 100, maxAgeSeconds: 60, clockToleranceSeconds: 30, now: () => clock, ...overrides });

  beforeEach(() => {
    clock = 1_000_000_000_000;
    calls = [];
  });

  it('verifies a reused token once and serves the same claims after', async () => {
    const verify = cache();
    const token = `ok:${clock / 1000 + 900}`;
    const first = await verify(token);
    const second = await verify(token);
    assert.deepEqual(calls, [token]);
    assert.equal(second, first);
    assert.ok(Object.isFrozen(second), 'shared claims cannot be changed by one request for the next');
  });

  it('never caches a failure', async () => {
    const verify = cache();
    await assert.rejects(verify('forged'), GatewayError);
    await assert.rejects(verify('forged'), GatewayError);
    assert.equal(calls.length, 2);
  });

  it('stops serving an entry at the token’s expiry (plus the clock tolerance), then asks the verifier again', async () => {
    const verify = cache({ maxAgeSeconds: 600 });
    const token = `ok:${clock / 1000 + 10}`;
    await verify(token);
    clock += 39_000;
    await verify(token);
    assert.equal(calls.length, 1, 'still inside exp + tolerance');
    clock += 2000;
    await verify(token);
    assert.equal(calls.length, 2, 'past exp + tolerance the real verifier judges it (and would reject it)');
  });

  it('serves an entry at most maxAgeSeconds after its verification, however long the token lives', async () => {
    const verify = cache({ maxAgeSeconds: 60 });
    const token = `ok:${clock / 1000 + 3600}`;
    await verify(token);
    clock += 59_000;
    await verify(token);
    assert.equal(calls.length, 1);
    clock += 2000;
    await verify(token);
    assert.equal(calls.length, 2);
  });

  it('keeps at most maxEntries tokens, dropping the oldest', async () => {
    const verify = cache({ maxEntries: 2 });
    const [a, b, c] = [1, 2, 3].map((n) => `ok:${clock / 1000 + 900 + n}`) as [string, string, string];
    await verify(a);
    await verify(b);
    await verify(c);
    await verify(b);
    await verify(c);
    assert.equal(calls.length, 3, 'b and c are still cached');
    await verify(a);
    assert.equal(calls.length, 4, 'a was dropped for c');
  });

  it('is off with maxEntries 0', async () => {
    const verify = cache({ maxEntries: 0 });
    const token = `ok:${clock / 1000 + 900}`;
    await verify(token);
    await verify(token);
    assert.equal(calls.length, 2);
  });
});
