/**
 * RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-08), as express-rate-limit's
 * `standardHeaders: 'draft-8'` writes them, so clients see what they saw before the counters were batched:
 *   RateLimit-Policy: "bronze.operation"; q=2; w=60; pk=:…:, "bronze.window"; q=5; w=60; pk=:…:
 *   RateLimit: "bronze.operation"; r=1; t=60, "bronze.window"; r=4; t=60
 * one item per limit consulted, in the order counted. `pk`, the partition key, is express-rate-limit's: the first
 * 12 hex digits of the SHA-256 of the client key, base64-encoded, so a client can tell its partitions apart
 * without learning the key.
 */
import { createHash } from 'node:crypto';

export interface LimitState {
  /** `<plan>.<kind>`, a structured-field string's characters only (policyName). */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly remaining: number;
  /** Whole seconds until the window resets. */
  readonly resetSeconds: number;
}

export function partitionKey(clientKey: string): string {
  return Buffer.from(createHash('sha256').update(clientKey).digest('hex').slice(0, 12)).toString('base64');
}

export function rateLimitFields(states: readonly LimitState[], partition: string): { policy: string; rateLimit: string } {
  let policy = '';
  let rateLimit = '';
  for (const state of states) {
    const separator = policy ? ', ' : '';
    policy += `${separator}"${state.name}"; q=${state.limit}; w=${state.windowSeconds}; pk=:${partition}:`;
    rateLimit += `${separator}"${state.name}"; r=${state.remaining}; t=${state.resetSeconds}`;
  }
  return { policy, rateLimit };
}
