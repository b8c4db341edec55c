/**
 * Idempotency: a POST or PATCH carrying an `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header) is
 * processed at most once per client, key and request; a retry gets the first answer again, marked
 * `Idempotent-Replayed: true`, and never reaches the route.
 *
 * - The key is scoped to the caller, the method and the path (query excluded), and hashed: clients cannot collide.
 *   When a tier of this gateway calls on behalf of someone, the scope is the tier's client and the original caller
 *   together, so two partners' keys sent through one tier never meet.
 * - The request's fingerprint is SHA-256 of method, path, sorted query and the parsed JSON body in canonical form
 *   (keys sorted at every depth), so formatting and key order do not matter but content does. The policy therefore
 *   runs after body parsing. The same key with another fingerprint is refused: 422 ERR_IDEMPOTENCY_MISMATCH.
 * - While the first request runs, its key is claimed: a concurrent retry gets 409 ERR_IDEMPOTENCY_IN_FLIGHT with
 *   `Retry-After: 1`. The claim lapses after `inFlightTtlSeconds` (default 60, longer than any request may run),
 *   so an instance that dies mid-request does not block the key for the whole TTL.
 * - A final answer below 500 is stored for `ttlSeconds` before it is sent, so a client that has the answer can
 *   retry and get it replayed at once. A 5xx, or a client gone before the answer, releases the key: a retry runs.
 * - Replayed: the status, the body bytes, and the representation headers (SAFE_HEADERS). Headers that belong to
 *   this hop (correlation, rate limits, deprecation) come fresh from the policies before this one.
 * - A malformed key (not 1 to 255 visible ASCII characters, or several) is 400 ERR_VALIDATION naming the header.
 *
 * While the store cannot answer, `failMode` decides: `closed` refuses with 503 ERR_STATE_UNAVAILABLE (nothing
 * ran), `open` runs the request unguarded and logs a warning (at most one per WARN_INTERVAL_MS).
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { callerOf, type Caller } from '../../gateway/auth/caller';
import type { FailMode } from '../../gateway/config';
import { GatewayError } from '../../gateway/errors';
import type { Logger } from '../../gateway/logger';
import type { IdempotencyStore, StoredResponse } from '../../gateway/state/ports';

export interface IdempotencyOptions {
  /** Where claims and answers are kept: the memory store (one instance) or the Redis store (several). */
  store: IdempotencyStore;
  /** How long an answer is kept and replayed, in seconds (configuration `idempotency.ttlSeconds`, default 86400). */
  ttlSeconds: number;
  /** What happens while the store cannot answer (configuration `idempotency.failMode`, default `closed`). */
  failMode: FailMode;
  logger: Logger;
  /** Milliseconds since the epoch; `Date.now` unless given. */
  clock?: () => number;
  /** How long a claim holds the key while its request runs, in seconds. Default 60. */
  inFlightTtlSeconds?: number;
  /**
   * Largest answer body kept for replay, in bytes. Default 1 MiB. A larger answer is sent but not stored; the key is
   * released (a retry runs again) and a warning logged.
   */
  maxBodyBytes?: number;
}

export const IDEMPOTENCY_DEFAULTS = Object.freeze({ inFlightTtlSeconds: 60, maxBodyBytes: 1024 * 1024 });

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** Methods the key applies to: the non-idempotent ones that create or change. */
const METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH']);

/** Response headers stored and replayed: the representation's own, never this hop's (correlation, limits, cookies). */
export const SAFE_HEADERS: readonly string[] = [
  'content-type',
  'content-language',
  'content-location',
  'content-disposition',
  'location',
  'etag',
  'last-modified',
  'link',
  'preference-applied',
];

/** Fewest milliseconds between two "idempotency skipped" warnings while the store is down in `open` mode. */
export const WARN_INTERVAL_MS = 10_000;

const KEY = /^[\x21-\x7E]{1,255}$/;
/** The draft's sf-string form, `"..."`, names the same key as the bare value. */
const QUOTED = /^"([^"\\]+)"$/;

const OPTION_KEYS = new Set(['store', 'ttlSeconds', 'failMode', 'logger', 'clock', 'inFlightTtlSeconds', 'maxBodyBytes']);

interface Configuration {
  store: IdempotencyStore;
  ttlMs: number;
  inFlightTtlMs: number;
  failMode: FailMode;
  logger: Logger;
  clock: () => number;
  maxBodyBytes: number;
}

function configure(options: IdempotencyOptions): Readonly<Configuration> {
  if (options === null || typeof options !== 'object') throw new TypeError('createIdempotency: options must be an object');
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw new TypeError(`createIdempotency: unknown option "${key}"`);
  const { store, logger } = options;
  if (!store || typeof store.begin !== 'function' || typeof store.complete !== 'function' || typeof store.release !== 'function') {
    throw new TypeError('createIdempotency: "store" must be an IdempotencyStore');
  }
  if (!logger || typeof logger.warn !== 'function') throw new TypeError('createIdempotency: "logger" must be the application logger');
  if (options.failMode !== 'open' && options.failMode !== 'closed') throw new TypeError('createIdempotency: "failMode" must be "open" or "closed"');
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('createIdempotency: "clock" must be a function');
  const inFlightTtlSeconds = options.inFlightTtlSeconds ?? IDEMPOTENCY_DEFAULTS.inFlightTtlSeconds;
  for (const [name, value] of [['ttlSeconds', options.ttlSeconds], ['inFlightTtlSeconds', inFlightTtlSeconds]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new TypeError(`createIdempotency: "${name}" must be a positive number of seconds`);
  }
  const maxBodyBytes = options.maxBodyBytes ?? IDEMPOTENCY_DEFAULTS.maxBodyBytes;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) throw new TypeError('createIdempotency: "maxBodyBytes" must be a whole number of bytes');
  return Object.freeze({
    store,
    logger,
    failMode: options.failMode,
    clock: options.clock ?? Date.now,
    ttlMs: Math.ceil(options.ttlSeconds * 1000),
    inFlightTtlMs: Math.ceil(inFlightTtlSeconds * 1000),
    maxBodyBytes,
  });
}

/** The key as sent, or a 400 naming the header. Undefined when the request has none. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new GatewayError('ERR_VALIDATION', 'Invalid request: Idempotency-Key', {
      fields: [{ name: 'Idempotency-Key', message: 'must be one key of 1 to 255 visible ASCII characters' }],
    });
  }
  return QUOTED.exec(value)?.[1] ?? value;
}

/** JSON with object keys sorted at every depth: equal content, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
    const members = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Method, path, sorted query and canonical body: what makes two requests "the same request". */
export function requestFingerprint(request: Pick<Request, 'method' | 'originalUrl' | 'body'>): string {
  const [path = '/', query = ''] = request.originalUrl.split(/\?(.*)/s);
  const params = new URLSearchParams(query);
  params.sort();
  const body: unknown = request.body;
  const content = body === undefined ? '' : Buffer.isBuffer(body) ? `bytes:${sha256(body)}` : typeof body === 'string' ? `text:${body}` : `json:${canonicalJson(body)}`;
  return sha256(JSON.stringify([request.method, path, params.toString(), content]));
}

/** The store key: caller (and whom it acts for), method, path and key, unambiguously joined and hashed. */
export function scopedKey(caller: Pick<Caller, 'clientId' | 'onBehalfOf'>, method: string, path: string, key: string): string {
  const principal = caller.onBehalfOf ? [caller.onBehalfOf.clientId, caller.onBehalfOf.partnerId ?? null] : [];
  return sha256(JSON.stringify([caller.clientId, ...principal, method, path, key]));
}

function replay(response: Response, stored: StoredResponse): void {
  const body = Buffer.from(stored.bodyBase64, 'base64');
  response.status(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
  response.setHeader(REPLAYED_HEADER, 'true');
  if (stored.status !== 204 && stored.status !== 304) response.setHeader('Content-Length', String(body.length));
  response.end(body);
}

function storedHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of SAFE_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return undefined;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8');
  return undefined;
}

export function createIdempotency(options: IdempotencyOptions): RequestHandler {
  const config = configure(options);
  const { store, logger } = config;
  let lastWarning = Number.NEGATIVE_INFINITY;
  let unguarded = 0;

  /** Wraps write/end so the answer is captured, stored (or the key released) before it is sent. */
  function capture(response: Response, key: string, fingerprint: string, path: string): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let settled = false;
    const collect = (chunk: unknown, encoding: unknown) => {
      const bytes = toBuffer(chunk, encoding);
      if (!bytes || tooLarge) return;
      size += bytes.length;
      if (size > config.maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(bytes);
      }
    };
    const release = (reason: string) =>
      Promise.resolve()
        .then(() => store.release(key))
        .catch((error: unknown) => {
          logger.warn('idempotency key not released; it stays claimed until the claim lapses', { path, reason, error: describe(error) });
        });

    const write = response.write as (...args: unknown[]) => boolean;
    const end = response.end as (...args: unknown[]) => Response;
    response.write = function (this: Response, ...args: unknown[]): boolean {
      if (!settled) collect(args[0], args[1]);
      return write.apply(this, args);
    } as Response['write'];
    response.end = function (this: Response, ...args: unknown[]): Response {
      if (settled) return end.apply(this, args);
      settled = true;
      collect(args[0], args[1]);
      const status = response.statusCode;
      let settling: Promise<void>;
      if (status >= 500) {
        settling = release(`status ${status}`);
      } else if (tooLarge) {
        logger.warn('idempotent answer too large to store; the key is released', { path, status, maxBodyBytes: config.maxBodyBytes });
        settling = release('answer too large');
      } else {
        const stored: StoredResponse = { status, headers: storedHeaders(response), bodyBase64: Buffer.concat(chunks).toString('base64') };
        settling = Promise.resolve()
          .then(() => store.complete(key, fingerprint, stored, config.ttlMs))
          .catch((error: unknown) => {
            logger.error('idempotent answer not stored; a retry gets 409 until the claim lapses, then runs again', { path, status, error: describe(error) });
          });
      }
      // The answer leaves only once it is stored: a client holding it can retry and get the replay at once.
      void settling
        .then(() => end.apply(this, args))
        .catch((error: unknown) => logger.error('idempotent answer could not be sent', { path, status, error: describe(error) }));
      return this;
    } as Response['end'];
    // A client that goes away does not end the request: the route runs on, and its answer is stored when it ends,
    // so a retry meanwhile gets 409 and afterwards the replay. (A route that never ends lapses with its claim.)
  }

  return async (request, response, next) => {
    if (!METHODS.has(request.method)) return next();
    let key: string | undefined;
    let caller: Caller;
    try {
      key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
      if (key === undefined) return next();
      caller = callerOf(request);
    } catch (error) {
      return next(error);
    }
    const path = request.originalUrl.split('?')[0] || '/';
    const storeKey = scopedKey(caller, request.method, path, key);
    const fingerprint = requestFingerprint(request);

    let begun;
    try {
      begun = await store.begin(storeKey, fingerprint, config.inFlightTtlMs);
    } catch (error) {
      if (config.failMode === 'closed') {
        return next(new GatewayError('ERR_STATE_UNAVAILABLE', 'Idempotency keys cannot be checked right now, so the request was not processed; retry later', { cause: error }));
      }
      unguarded += 1;
      const now = config.clock();
      if (now - lastWarning >= WARN_INTERVAL_MS) {
        logger.warn('idempotency store unavailable: requests run without idempotency (failMode open)', { path, unguarded, error: describe(error) });
        lastWarning = now;
        unguarded = 0;
      }
      return next();
    }

    switch (begun.outcome) {
      case 'acquired':
        capture(response, storeKey, fingerprint, path);
        return next();
      case 'in-flight':
        return next(
          new GatewayError('ERR_IDEMPOTENCY_IN_FLIGHT', 'A request with this Idempotency-Key is still being processed; retry after it has finished', {
            headers: { 'Retry-After': '1' },
          }),
        );
      case 'completed':
        if (begun.fingerprint !== fingerprint) {
          return next(new GatewayError('ERR_IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was already used for a different request (method, path, query or body); use a new key'));
        }
        return replay(response, begun.response);
    }
  };
}

function describe(error: unknown): string {
  if (error instanceof GatewayError && error.cause instanceof Error) return `${error.message}: ${error.cause.message}`;
  return error instanceof Error ? error.message : String(error);
}
