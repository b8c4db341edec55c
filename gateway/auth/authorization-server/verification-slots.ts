/**
 * A bound on the secret verifications (scrypt) running at once: a burst of token requests waits in a short queue
 * instead of taking every libuv pool thread the rest of the gateway needs (file I/O, DNS, other crypto); beyond the
 * queue it is refused at once with 503 `temporarily_unavailable` and Retry-After.
 */
import { OAuthError } from './errors';

/** Retry-After of a refusal for want of a slot, in seconds: a verification takes ~50 ms, the queue drains fast. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

export interface VerificationSlots {
  /** Runs `task` once a slot is free; throws OAuthError temporarily_unavailable when the queue is full too. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Verifications running now. */
  readonly active: number;
  /** Requests waiting for a slot now. */
  readonly queued: number;
}

export function createVerificationSlots(maxConcurrent: number, maxQueued: number): VerificationSlots {
  let active = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter: `active` is unchanged
    else active -= 1;
  };

  return {
    async run(task) {
      if (active < maxConcurrent) active += 1;
      else if (waiting.length < maxQueued) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw new OAuthError('temporarily_unavailable', 'Too many token requests are being verified; retry shortly', false, BUSY_RETRY_AFTER_SECONDS);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
  };
}
