/**
 * The built-in authorization server's signing key: an ES256 (P-256) key pair kept as a private JWK in one file,
 * created on first start. Creation is atomic and first-writer-wins, so processes that start together share one key.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { ConfigError } from '../config';

export const SIGNING_ALGORITHM = 'ES256';

export interface SigningKey {
  /** RFC 7638 thumbprint of the public key; the `kid` of every token signed with it. */
  kid: string;
  alg: typeof SIGNING_ALGORITHM;
  /** Not extractable: the private key leaves this process only through the key file. */
  privateKey: CryptoKey;
  /** The public half as published in the JWKS: `kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`. Never `d`. */
  publicJwk: JWK;
}

/** What the key file holds: a P-256 private JWK. */
interface StoredKey {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
  kid: string;
  alg: typeof SIGNING_ALGORITHM;
  use: 'sig';
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Checks and imports a stored key; anything else (another key type, a public key, a wrong kid) is refused. */
async function parseStoredKey(file: string, text: string): Promise<SigningKey> {
  const refuse = (why: string): ConfigError =>
    new ConfigError(`signing key file ${file} ${why}. Move it away to have a new key created, or restore the right file (auth.signingKeyFile, relative to server.dataDir).`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse('is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('does not hold a JWK object');
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw refuse(`holds a ${String(jwk.kty)}/${String(jwk.crv)} key, not an EC P-256 (ES256) key`);
  for (const member of ['x', 'y', 'd'] as const) {
    if (typeof jwk[member] !== 'string' || !BASE64URL.test(jwk[member] as string)) {
      throw refuse(member === 'd' ? 'holds no private key (member d)' : `has no valid member ${member}`);
    }
  }
  if (jwk.alg !== undefined && jwk.alg !== SIGNING_ALGORITHM) throw refuse(`is for alg ${String(jwk.alg)}, not ${SIGNING_ALGORITHM}`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw refuse(`is for use ${String(jwk.use)}, not sig`);
  const publicMembers = { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string };
  const kid = await calculateJwkThumbprint(publicMembers);
  if (jwk.kid !== undefined && jwk.kid !== kid) throw refuse('has a kid that is not the thumbprint of its key');
  let privateKey: CryptoKey;
  try {
    // Node checks that d, x and y belong together.
    privateKey = (await importJWK({ ...publicMembers, d: jwk.d as string }, SIGNING_ALGORITHM, { extractable: false })) as CryptoKey;
  } catch (error) {
    throw refuse(`holds an unusable key (${(error as Error).message})`);
  }
  return { kid, alg: SIGNING_ALGORITHM, privateKey, publicJwk: { ...publicMembers, kid, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

async function generateStoredKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const { x, y, d } = await exportJWK(privateKey);
  if (!x || !y || !d) throw new Error('jose exported an incomplete EC key');
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y });
  return { kty: 'EC', crv: 'P-256', x, y, d, kid, alg: SIGNING_ALGORITHM, use: 'sig' };
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read signing key file ${file}: ${(error as Error).message}`);
  }
}

/**
 * Publishes `text` at `file` only if nothing is there yet: written to a temporary file (mode 0600, synced), then
 * hard-linked into place, which fails with EEXIST instead of replacing a key another process published meanwhile.
 * Where hard links are not supported, falls back to rename after a last existence check.
 * Returns false when another writer won.
 */
async function publishOnce(file: string, text: string): Promise<boolean> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errorCode(error) ?? '')) throw error;
    if ((await readIfPresent(file)) !== undefined) return false;
    await rename(temporary, file);
    return true;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Loads the signing key from `file`, or creates it there (folder mode 0700, file mode 0600) when the file does
 * not exist. A file that is not an ES256 private JWK stops the start with a `ConfigError` naming it.
 */
export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  const existing = await readIfPresent(file);
  if (existing !== undefined) return parseStoredKey(file, existing);
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const created = `${JSON.stringify(await generateStoredKey(), null, 2)}\n`;
    await publishOnce(file, created);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot create signing key file ${file}: ${(error as Error).message}`);
  }
  // Whoever won, the file now holds the one key every process uses.
  const published = await readIfPresent(file);
  if (published === undefined) throw new ConfigError(`signing key file ${file} disappeared while it was being created`);
  return parseStoredKey(file, published);
}

/** The JSON Web Key Set to publish: public members only. */
export function publicJwks(keys: readonly SigningKey[]): { keys: JWK[] } {
  return {
    keys: keys.map(({ publicJwk }) => ({ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y, kid: publicJwk.kid, alg: publicJwk.alg, use: publicJwk.use })),
  };
}
