/**
 * Idempotency records in process memory: the single-instance default. Same contract as the Redis store (one shared
 * suite, test/state/idempotency-store.test.ts), with its TTLs read from an injectable clock.
 *
 * Bounded: expired records go when touched and on a periodic sweep (an unref'd timer, so it never keeps the process
 * alive); beyond `maxRecords` records or `maxBytes` of stored bodies the oldest-written records are evicted first.
 * An evicted record is forgotten early: a retry of its request would run again, so size the caps for a TTL's worth
 * of keyed requests.
 */
import { randomUUID } from 'node:crypto';
import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '../ports';

export interface MemoryIdempotencyStoreOptions {
  /** Milliseconds since the epoch; `Date.now` unless given (tests move time by hand). */
  now?: () => number;
  /** Most records kept (claims and results together). Default 10,000. */
  maxRecords?: number;
  /** Most bytes of stored response bodies (base64) and headers kept. Default 64 MiB. */
  maxBytes?: number;
  /** How often expired records are swept, in milliseconds; 0 turns the timer off. Default 60,000. */
  sweepIntervalMs?: number;
}

export const MEMORY_IDEMPOTENCY_DEFAULTS = Object.freeze({ maxRecords: 10_000, maxBytes: 64 * 1024 * 1024, sweepIntervalMs: 60_000 });

interface MemoryRecord {
  state: 'in-flight' | 'completed';
  fingerprint: string;
  /** The claim's token while in flight. */
  claim?: string;
  response?: StoredResponse;
  expiresAt: number;
  bytes: number;
}

const OPTION_KEYS = new Set(['now', 'maxRecords', 'maxBytes', 'sweepIntervalMs']);

function checkOptions(options: MemoryIdempotencyStoreOptions): void {
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw new TypeError(`MemoryIdempotencyStore: unknown option "${key}"`);
  if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError('MemoryIdempotencyStore: "now" must be a function');
  for (const key of ['maxRecords', 'maxBytes'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw new TypeError(`MemoryIdempotencyStore: "${key}" must be a positive integer`);
  }
  const sweep = options.sweepIntervalMs;
  if (sweep !== undefined && (!Number.isFinite(sweep) || sweep < 0)) throw new TypeError('MemoryIdempotencyStore: "sweepIntervalMs" must be 0 or a positive number of milliseconds');
}

function positiveMs(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 1) throw new TypeError(`MemoryIdempotencyStore: ${what} must be a positive number of milliseconds`);
}

function sizeOf(fingerprint: string, response?: StoredResponse): number {
  if (!response) return fingerprint.length;
  let bytes = fingerprint.length + response.bodyBase64.length;
  for (const [name, value] of Object.entries(response.headers)) bytes += name.length + value.length;
  return bytes;
}

function copyResponse(response: StoredResponse): StoredResponse {
  return { status: response.status, headers: { ...response.headers }, bodyBase64: response.bodyBase64 };
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly now: () => number;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  /** In write order: the first entry is the oldest-written record. */
  private readonly records = new Map<string, MemoryRecord>();
  /** Claims handed out: key → token. Only the holder's completion or release counts. */
  private readonly held = new Map<string, string>();
  private bytes = 0;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    checkOptions(options);
    this.now = options.now ?? Date.now;
    this.maxRecords = options.maxRecords ?? MEMORY_IDEMPOTENCY_DEFAULTS.maxRecords;
    this.maxBytes = options.maxBytes ?? MEMORY_IDEMPOTENCY_DEFAULTS.maxBytes;
    const sweepIntervalMs = options.sweepIntervalMs ?? MEMORY_IDEMPOTENCY_DEFAULTS.sweepIntervalMs;
    if (sweepIntervalMs > 0) {
      this.timer = setInterval(() => this.sweep(), sweepIntervalMs);
      this.timer.unref();
    }
  }

  /** Records currently kept (expired ones not yet swept included). */
  get size(): number {
    return this.records.size;
  }

  async begin(key: string, fingerprint: string, inFlightTtlMs: number): Promise<IdempotencyBegin> {
    positiveMs(inFlightTtlMs, 'inFlightTtlMs');
    const record = this.live(key);
    if (record?.state === 'in-flight') return { outcome: 'in-flight' };
    if (record?.state === 'completed') return { outcome: 'completed', fingerprint: record.fingerprint, response: copyResponse(record.response as StoredResponse) };
    const claim = randomUUID();
    this.write(key, { state: 'in-flight', fingerprint, claim, expiresAt: this.now() + inFlightTtlMs, bytes: sizeOf(fingerprint) });
    this.held.set(key, claim);
    return { outcome: 'acquired' };
  }

  async complete(key: string, fingerprint: string, response: StoredResponse, ttlMs: number): Promise<void> {
    positiveMs(ttlMs, 'ttlMs');
    const mine = this.held.get(key);
    this.held.delete(key);
    const record = this.live(key);
    // Stored where the key is free or still holds our claim; never over another request's claim or result.
    if (record && !(record.state === 'in-flight' && mine !== undefined && record.claim === mine)) return;
    const stored = copyResponse(response);
    this.write(key, { state: 'completed', fingerprint, response: stored, expiresAt: this.now() + ttlMs, bytes: sizeOf(fingerprint, stored) });
  }

  async release(key: string): Promise<void> {
    const mine = this.held.get(key);
    this.held.delete(key);
    const record = this.live(key);
    if (record?.state === 'in-flight' && mine !== undefined && record.claim === mine) this.remove(key);
  }

  /** Removes expired records and forgotten claims. */
  sweep(): void {
    const now = this.now();
    for (const [key, record] of this.records) if (record.expiresAt <= now) this.remove(key);
    for (const [key, claim] of this.held) if (this.records.get(key)?.claim !== claim) this.held.delete(key);
  }

  /** Stops the sweep timer (the store keeps working; expired records still go when touched). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private live(key: string): MemoryRecord | undefined {
    const record = this.records.get(key);
    if (record && record.expiresAt <= this.now()) {
      this.remove(key);
      return undefined;
    }
    return record;
  }

  private write(key: string, record: MemoryRecord): void {
    this.remove(key); // re-inserted last: the map's order is write order
    this.records.set(key, record);
    this.bytes += record.bytes;
    if (this.records.size > this.maxRecords || this.bytes > this.maxBytes) this.sweep();
    for (const oldest of this.records.keys()) {
      if (this.records.size <= this.maxRecords && this.bytes <= this.maxBytes) break;
      if (oldest === key) break; // never evict what was just written
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const record = this.records.get(key);
    if (!record) return;
    this.records.delete(key);
    this.bytes -= record.bytes;
  }
}
