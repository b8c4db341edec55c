/**
 * The counters behind the throttling rules: fixed windows, one per rule and client, all of a request's rules counted
 * in one call. Two stores behind this one interface, tested by one shared suite (test/unit/throttling): in-process
 * (the single-instance embedded default) and Redis (shared by every instance, one scripted round trip per request).
 *
 * Why one call for all of a request's rules rather than a limiter per rule: a plan has up to three limits (the
 * operation's, the window, the daily quota) that are counted in order, the ones after a refusing limit not at all.
 * One express-rate-limit middleware per limit made that a store round trip per limit plus each limiter's own
 * per-request work, measured at ≈ 350–500 µs of CPU per request, more than the rest of the policy chain together
 * (bench/RESULTS.md, policy-cost).
 */

/** One rule of a request, as the counters see it. */
export interface CountedRule {
  /** Names the rule's counters apart from other rules' (`bronze:window`, `bronze:op:<operation>`); key-safe. */
  readonly key: string;
  readonly limit: number;
  /** The fixed window; a daily rule's counter is per UTC day (its key carries the day) and lives a day. */
  readonly windowMs: number;
}

/** What one rule's counter said: this request's hits in the window, and when the window ends (ms from now). */
export interface RuleCount {
  readonly hits: number;
  readonly resetInMs: number;
}

export interface RuleCounters {
  /**
   * Counts one request of `client` in each rule in order and stops after the first rule it takes over its limit:
   * that rule counted it, the later ones did not. Answers one RuleCount per rule counted. `suffixes[i]`, when given,
   * is appended to rule i's counter key (the UTC day of a daily quota). Rejects when the counters cannot be reached.
   */
  count(client: string, rules: readonly CountedRule[], suffixes: ReadonlyArray<string | undefined>): Promise<RuleCount[]>;
  /** Throws when the counters cannot be reached right now (the readiness check). */
  check(): Promise<void>;
  close(): void;
}
