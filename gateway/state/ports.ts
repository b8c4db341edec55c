/**
 * The small interfaces behind which everything instances must share is kept. Each has an in-process
 * implementation (the single-instance embedded default) and a Redis one (several instances), and both pass one test
 * suite (test/state/). Rate-limit counters use express-rate-limit's own `Store` interface instead (its memory store,
 * or rate-limit-redis).
 */

/** A response as the idempotency policy stores and replays it. */
export interface StoredResponse {
  status: number;
  /** The headers worth replaying (content-type, location...), lower-case names. */
  headers: Record<string, string>;
  /** The body as sent, base64 (bodies are bytes; JSON is the usual case). */
  bodyBase64: string;
}

export type IdempotencyBegin =
  /** No record: the caller now holds the key (in flight) and must `complete` or `release` it. */
  | { outcome: 'acquired' }
  /** Another request with this key is still being processed. */
  | { outcome: 'in-flight' }
  /** A request with this key completed: same fingerprint → replay `response`; else the key was reused for another request. */
  | { outcome: 'completed'; fingerprint: string; response: StoredResponse };

export interface IdempotencyStore {
  /**
   * Atomically claims `key` for a request with `fingerprint`, unless a record exists. The claim expires after
   * `inFlightTtlMs` (a crashed instance does not hold a key forever).
   */
  begin(key: string, fingerprint: string, inFlightTtlMs: number): Promise<IdempotencyBegin>;
  /** Stores the final response of the request that holds `key`, kept for `ttlMs`. */
  complete(key: string, fingerprint: string, response: StoredResponse, ttlMs: number): Promise<void>;
  /** Gives a claimed key up without a result (the request failed in a way worth retrying), so a retry can run. */
  release(key: string): Promise<void>;
}

export interface UsageEntry {
  /** Catalog id of the API version, e.g. `partner/customers/v1`. */
  apiVersion: string;
  clientId: string;
  calls: number;
  /** ISO date-time of the latest call. */
  lastSeen: string;
}

/** Counts calls per client per API version (kept for deprecated versions, so an architect knows whom to tell). */
export interface UsageStore {
  record(apiVersion: string, clientId: string, at: Date): Promise<void>;
  /** Every client's count for the versions asked (all recorded versions when none), most calls first. */
  report(apiVersions?: readonly string[]): Promise<UsageEntry[]>;
}

/** A store or connection whose health /health/ready reports. */
export interface HealthReporter {
  name: string;
  check(): Promise<void>;
}

/**
 * Short exclusive claims on a named thing (an order while a workflow step runs on it), so two instances never work
 * on it at once. A claim expires by itself after `ttlMs`: a crashed holder does not block the thing forever.
 */
export interface LeaseStore {
  /** A token when the lease was free (now held until released or expired); undefined when someone holds it. */
  acquire(key: string, ttlMs: number): Promise<string | undefined>;
  /** Gives the lease up, only if `token` still holds it (an expired lease taken over by another is left alone). */
  release(key: string, token: string): Promise<void>;
}
