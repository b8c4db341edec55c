import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, compactVerify, CompactSign, exportJWK, generateKeyPair, importJWK } from 'jose';
import { ConfigError } from '../../../gateway/config';
import { loadOrCreateSigningKey, publicJwks } from '../../../gateway/auth/signing-key';

describe('signing key', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'dg-signing-key-'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });
  let counter = 0;
  const keyFile = () => path.join(root, `case-${++counter}`, 'nested', 'oauth-signing-key.json');

  it('creates an ES256 private JWK with mode 0600 in a new folder with mode 0700, and reuses it', async () => {
    const file = keyFile();
    const created = await loadOrCreateSigningKey(file);
    assert.equal(created.alg, 'ES256');
    if (process.platform !== 'win32') {
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    }
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(Object.keys(stored).sort(), ['alg', 'crv', 'd', 'kid', 'kty', 'use', 'x', 'y']);
    assert.equal(stored.kid, await calculateJwkThumbprint(stored), 'kid is the RFC 7638 thumbprint');
    assert.equal(created.kid, stored.kid);
    assert.deepEqual(created.publicJwk, { kty: 'EC', crv: 'P-256', x: stored.x, y: stored.y, kid: stored.kid, alg: 'ES256', use: 'sig' });
    assert.equal(created.privateKey.extractable, false, 'the loaded private key cannot be exported');
    assert.deepEqual(readdirSync(path.dirname(file)), ['oauth-signing-key.json'], 'no temporary file is left behind');

    const again = await loadOrCreateSigningKey(file);
    assert.equal(again.kid, created.kid);
    // The reloaded private key signs what the first public key verifies.
    const signed = await new CompactSign(new TextEncoder().encode('probe')).setProtectedHeader({ alg: 'ES256' }).sign(again.privateKey);
    await compactVerify(signed, await importJWK(created.publicJwk, 'ES256'));
  });

  it('agrees on one key when several loads race to create it', async () => {
    const file = keyFile();
    const keys = await Promise.all(Array.from({ length: 6 }, () => loadOrCreateSigningKey(file)));
    assert.equal(new Set(keys.map((key) => key.kid)).size, 1);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).kid, keys[0]?.kid);
    assert.deepEqual(readdirSync(path.dirname(file)), ['oauth-signing-key.json']);
  });

  it('loads a key written by hand without kid, alg and use', async () => {
    const file = path.join(root, 'by-hand.json');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
    const key = await loadOrCreateSigningKey(file);
    assert.equal(key.kid, await calculateJwkThumbprint(jwk));
  });

  describe('refuses a corrupt or foreign file, naming it', () => {
    const cases: Array<[string, () => Promise<string>, RegExp]> = [
      ['not JSON', async () => '{"kty": "EC", "crv": ', /is not valid JSON/],
      ['a JSON array', async () => '[]', /does not hold a JWK object/],
      [
        'an RSA key',
        async () => JSON.stringify(await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)),
        /RSA\/undefined key, not an EC P-256/,
      ],
      [
        'a public key only',
        async () => {
          const { d: _d, ...publicOnly } = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
          return JSON.stringify(publicOnly);
        },
        /holds no private key/,
      ],
      [
        'a kid that is not its thumbprint',
        async () => JSON.stringify({ ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'someone-else' }),
        /kid that is not the thumbprint/,
      ],
      [
        'a private member that does not belong to the public one',
        async () => {
          const one = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
          const other = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
          return JSON.stringify({ ...one, d: other.d });
        },
        /holds an unusable key/,
      ],
      [
        'a key for another algorithm',
        async () => JSON.stringify({ ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), alg: 'ES384' }),
        /is for alg ES384/,
      ],
    ];
    for (const [name, content, message] of cases) {
      it(name, async () => {
        const file = path.join(root, `corrupt-${++counter}.json`);
        const text = await content();
        writeFileSync(file, text, { mode: 0o600 });
        await assert.rejects(loadOrCreateSigningKey(file), (error: unknown) => {
          assert.ok(error instanceof ConfigError, 'a ConfigError stops the start');
          assert.ok(error.message.includes(file), 'the message names the file');
          assert.match(error.message, message);
          return true;
        });
        assert.equal(readFileSync(file, 'utf8'), text, 'the file is left as it was');
      });
    }
  });

  it('publishes public members only', async () => {
    const keys = [await loadOrCreateSigningKey(keyFile()), await loadOrCreateSigningKey(keyFile())];
    const jwks = publicJwks(keys);
    assert.equal(jwks.keys.length, 2);
    for (const jwk of jwks.keys) {
      assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      assert.equal('d' in jwk, false);
    }
  });
});
