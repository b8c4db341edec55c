/**
 * What a load run measured, and how both load generators (autocannon's as-fast-as-answered loads in load.ts, the paced
 * fixed-rate loads in paced-load.ts) collect it: one latency per answer at full precision, every status counted, so
 * a run that measured 429s or 5xx can be refused instead of reported. One collector, so both report alike.
 */

/** How a paced (fixed-rate, open-loop) run kept its schedule; absent for as-fast-as-answered runs. */
export interface PacingStats {
  /** Requests scheduled. */
  scheduled: number;
  /** Requests that were due while every connection was busy, so waited for one (their latency counts from their schedule). */
  waited: number;
  /**
   * Scheduled time → handed to a connection, ms: the generator's own lateness plus any wait for a connection
   * (negative when a request went out a fraction of a millisecond early; see paced-load.ts).
   */
  sendLagP50: number;
  sendLagP99: number;
}

export interface LoadResult {
  requests: number;
  /** Answers per second over the run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  /** Answers per status code. */
  statuses: Record<string, number>;
  /** Answers outside 2xx. */
  non2xx: number;
  errors: number;
  timeouts: number;
  pacing?: PacingStats;
}

export function percentile(sorted: Float64Array | number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] as number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A growing array of doubles: tens of thousands of samples per run without a JS array's boxing. */
export class Samples {
  private values = new Float64Array(4096);
  private size = 0;

  get count(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = value;
  }

  /** The samples in ascending order (a copy: the collector stays usable). */
  sorted(): Float64Array {
    return this.values.slice(0, this.size).sort();
  }
}

/** Collects every answer of a run: its status and its latency in ms. */
export class AnswerTally {
  private readonly latencies = new Samples();
  private readonly statuses: Record<string, number> = {};

  answer(statusCode: number, latencyMs: number): void {
    this.latencies.push(latencyMs);
    this.statuses[statusCode] = (this.statuses[statusCode] ?? 0) + 1;
  }

  /** The run's result; errors and timeouts are counted by the generator (they are not answers). */
  result(seconds: number, failures: { errors: number; timeouts: number }, pacing?: PacingStats): LoadResult {
    const sorted = this.latencies.sorted();
    let sum = 0;
    for (const value of sorted) sum += value;
    const count = sorted.length;
    const non2xx = Object.entries(this.statuses).reduce((total, [status, n]) => (status.startsWith('2') ? total : total + n), 0);
    return {
      requests: count,
      rps: seconds > 0 ? count / seconds : Number.NaN,
      p50: percentile(sorted, 0.5),
      p90: percentile(sorted, 0.9),
      p99: percentile(sorted, 0.99),
      mean: count ? sum / count : Number.NaN,
      statuses: { ...this.statuses },
      non2xx,
      errors: failures.errors,
      timeouts: failures.timeouts,
      ...(pacing ? { pacing } : {}),
    };
  }
}
