/**
 * The load generators, behind one `runLoad`: as fast as the server answers (closed loop), autocannon in this (the
 * bench's) process; at a fixed rate (`rate`), the paced open-loop generator of paced-load.ts, because autocannon's
 * own fixed rate (`overallRate`) sends each connection's second as one burst (see there). Both take latencies from
 * every response at full precision (autocannon's own histogram counts whole milliseconds, too coarse for
 * sub-millisecond differences) and count every status, so a run that measured 429s or 5xx can be refused instead of
 * reported.
 */
import autocannon from 'autocannon';
import { AnswerTally, median, type LoadResult, type PacingStats } from './load-result';
import { runPacedLoad, type PacedLoadSpec } from './paced-load';

export { median, percentile, type LoadResult, type PacingStats } from './load-result';
export type { RequestParts } from './paced-load';

export interface LoadSpec extends Omit<PacedLoadSpec, 'rate'> {
  /**
   * A fixed request rate (req/s), evenly paced and open loop (paced-load.ts), latency counted from each request's
   * schedule; without it, as fast as the server answers (autocannon). With `amount` and no rate: stop after that many
   * answers instead of after the duration (every request sent gets its answer).
   */
  rate?: number;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.rate !== undefined) return runPacedLoad({ ...spec, rate: spec.rate });
  const tally = new AnswerTally();
  const options: autocannon.Options = {
    url: spec.url,
    method: spec.method ?? 'GET',
    connections: spec.connections,
    duration: spec.durationSeconds,
    pipelining: 1,
    timeout: spec.timeoutSeconds ?? 10,
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.amount ? { amount: spec.amount } : {}),
    ...(spec.setupRequest ? { requests: [{ setupRequest: spec.setupRequest as never }] } : {}),
  };
  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => tally.answer(statusCode, responseTime));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return tally.result(Math.max(seconds, result.duration || seconds), { errors: result.errors, timeouts: result.timeouts });
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
  /** Paced runs only: requests scheduled and waited summed over the rounds, send lags the medians. */
  pacing?: PacingStats;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function summarise(rounds: LoadResult[]): Measured {
  const paced = rounds.flatMap((round) => (round.pacing ? [round.pacing] : []));
  return {
    rounds,
    rps: median(rounds.map((round) => round.rps)),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    requests: sum(rounds.map((round) => round.requests)),
    ...(paced.length === rounds.length && paced.length > 0
      ? {
          pacing: {
            scheduled: sum(paced.map((pacing) => pacing.scheduled)),
            waited: sum(paced.map((pacing) => pacing.waited)),
            sendLagP50: median(paced.map((pacing) => pacing.sendLagP50)),
            sendLagP99: median(paced.map((pacing) => pacing.sendLagP99)),
          },
        }
      : {}),
  };
}

/**
 * For a scenario's notes: how the paced targets kept their schedule. Waits for a connection and the generator's
 * send lag are inside the latencies reported (they count from the schedule), so a reader can see how much is ours.
 */
export function pacingTable(measured: Record<string, Measured>): string {
  const rows = Object.entries(measured).flatMap(([name, result]) =>
    result.pacing ? [`| ${name} | ${result.pacing.scheduled} | ${result.pacing.waited} | ${result.pacing.sendLagP50.toFixed(2)} ms / ${result.pacing.sendLagP99.toFixed(2)} ms |`] : [],
  );
  if (rows.length === 0) return '';
  return [
    '| paced target | requests scheduled (all rounds) | waited for a free connection | send lag p50 / p99 (schedule → on a connection) |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
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
