/** Counter-store failures: tagged, and logged once per outage however many requests fail in between. */
import type { FailMode } from '../../gateway/config/traffic-schema';
import type { Logger } from '../../gateway/logger';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A call to the counter store failed (Redis down, timed out, refused); the original failure is the cause. */
export class CounterStoreError extends Error {
  constructor(cause: unknown) {
    super(`the rate-limit counter store failed: ${describe(cause)}`, { cause });
    this.name = 'CounterStoreError';
  }
}

/** Whether the counters fail right now: one log line when an outage starts, one when it ends. */
export class OutageLog {
  private since: number | undefined;
  private failedCalls = 0;

  constructor(
    private readonly logger: Logger,
    private readonly failMode: FailMode,
  ) {}

  failed(error: unknown): void {
    this.failedCalls += 1;
    if (this.since !== undefined) return;
    this.since = Date.now();
    this.logger.error('throttling: the rate-limit counter store is failing', {
      failMode: this.failMode,
      consequence: this.failMode === 'open' ? 'requests pass unthrottled' : 'requests are refused with 503 ERR_STATE_UNAVAILABLE',
      error: describe(error),
    });
  }

  succeeded(): void {
    if (this.since === undefined) return;
    this.logger.info('throttling: the rate-limit counter store answers again', { outageMs: Date.now() - this.since, failedCalls: this.failedCalls });
    this.since = undefined;
    this.failedCalls = 0;
  }
}
