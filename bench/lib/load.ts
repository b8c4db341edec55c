/**
 * The load generator: autocannon in this (the bench's) process, with latencies taken from every response at full
 * precision (autocannon's own histogram counts whole milliseconds, too coarse for sub-millisecond differences) and
 * every status counted, so a run that measured 429s or 5xx can be refused instead of reported.
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Concurrent connections. */
  connections: number;
  durationSeconds: number;
  /** Stop after this many answers instead of after the duration (every request sent gets its answer). */
  amount?: number;
  /** A fixed overall request rate (req/s) instead of as fast as the server answers. */
  overallRate?: number;
  /** Called for every request: unique PO numbers, idempotency keys. */
  setupRequest?: (request: { method?: string; path?: string; headers?: Record<string, string>; body?: string }) => { method?: string; path?: string; headers?: Record<string, string>; body?: string };
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

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let latencies = new Float64Array(65536);
  let count = 0;
  const statuses: Record<string, number> = {};
  const options: autocannon.Options = {
    url: spec.url,
    method: spec.method ?? 'GET',
    connections: spec.connections,
    duration: spec.durationSeconds,
    pipelining: 1,
    timeout: 10,
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    ...(spec.amount ? { amount: spec.amount } : {}),
    ...(spec.setupRequest ? { requests: [{ setupRequest: spec.setupRequest as never }] } : {}),
  };
  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = responseTime;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = latencies.subarray(0, count).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const non2xx = Object.entries(statuses).reduce((total, [status, n]) => (status.startsWith('2') ? total : total + n), 0);
  return {
    requests: count,
    rps: count / Math.max(seconds, result.duration || seconds),
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    mean: count ? sum / count : Number.NaN,
    statuses,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Refuses a run that did not answer 2xx throughout: a bench that measured 429s or errors would be a lie. */
export function assertAll2xx(label: string, result: LoadResult): void {
  if (result.requests === 0) throw new Error(`${label}: no request was answered`);
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${label}: ${result.non2xx} answers outside 2xx (${JSON.stringify(result.statuses)}), ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}

export interface Measured {
  /** The per-round results, in the order run. */
  rounds: LoadResult[];
  /** Medians over the rounds. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
}

export function summarise(rounds: LoadResult[]): Measured {
  return {
    rounds,
    rps: median(rounds.map((round) => round.rps)),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    requests: rounds.reduce((total, round) => total + round.requests, 0),
  };
}

/**
 * Runs each target's load once per round, alternating targets inside each round (baseline, subject, baseline...)
 * so drift on a shared machine hits both alike; a warm-up run per target first, not counted.
 */
export async function alternate(
  targets: Record<string, LoadSpec>,
  options: { rounds: number; warmupSeconds: number },
): Promise<Record<string, Measured>> {
  const names = Object.keys(targets);
  for (const name of names) {
    const warm = await runLoad({ ...(targets[name] as LoadSpec), durationSeconds: options.warmupSeconds });
    // A cold path may answer nothing within a short warm-up; what it answers must still be 2xx.
    if (warm.requests > 0) assertAll2xx(`${name} (warm-up)`, warm);
  }
  const rounds: Record<string, LoadResult[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    // Alternate the order too, so neither target always runs right after the other's load.
    for (const name of round % 2 ? [...names].reverse() : names) {
      const result = await runLoad(targets[name] as LoadSpec);
      assertAll2xx(`${name} (round ${round + 1})`, result);
      rounds[name]!.push(result);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarise(rounds[name]!)]));
}
