/**
 * The paced, open-loop load generator for the bench's fixed-rate loads ("at 400 req/s", "at 40 req/s").
 *
 * Why not autocannon's `overallRate`: autocannon does not pace. Each connection gets a quota per second and, when its
 * one-second timer fires, sends the whole quota back to back (node_modules/autocannon/lib/httpClient.js, `rateInterval`
 * and `reqsMadeThisSecond`), so "40 req/s over 10 connections" is a burst of 40 requests once a second and the
 * latencies it reports are mostly queueing behind that burst, not the cost of a request. (autocannon stays for the
 * as-fast-as-answered loads in load.ts, where a closed loop is what is meant.)
 *
 * How this one works:
 * - Request i of a run is due at start + i × 1000 / rate ms: evenly spaced, whatever the server does (open loop).
 *   Timers have millisecond granularity, so each tick sends every request due by then (several per tick above
 *   1000 req/s) and sleeps until the next one is due.
 * - Requests go over a bounded pool of keep-alive connections (undici `Pool`, `connections` of them, no pipelining).
 *   A request due while every connection is busy waits, first come first served, and is counted in `waited`.
 * - Latency runs from the request's **scheduled** time to the end of its response body (hrtime, full precision). A
 *   server that stalls is charged for every request its stall delayed, not only for the one it held: no coordinated
 *   omission. So the generator's own lateness (a busy bench process, timer jitter) is in the latency too; it is
 *   reported apart as the send lag (schedule → handed to a connection), and is the same for baseline and subject.
 * - Node's timers wake on whole milliseconds, about 0.6 ms late at the median, which would sit in every latency. So
 *   a tick also sends what is due within the next EARLY_MS, and a request sent before its time is timed from when
 *   it was sent: latency = end − min(scheduled, sent), never less than the request really took, and still charged
 *   for any lateness. The spacing moves by at most EARLY_MS.
 * - Every answer's status is counted, errors and timeouts apart, as runLoad does, so a run with any non-2xx is refused.
 */
import { Pool } from 'undici';
import { AnswerTally, percentile, Samples, type LoadResult } from './load-result';

/** One request as sent; what a setup hook gets and returns (the shape of autocannon's `setupRequest`). */
export interface RequestParts {
  method?: string;
  /** Path and query. */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface PacedLoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** At most this many requests in flight, one per keep-alive connection. */
  connections: number;
  /** Requests per second, evenly spaced. */
  rate: number;
  /** Schedules rate × durationSeconds requests, unless `amount` says how many. */
  durationSeconds: number;
  amount?: number;
  /** A request without its headers or a body chunk for this long is a timeout. Default 10 s (as runLoad's autocannon). */
  timeoutSeconds?: number;
  /** Called for every request just before it is sent: unique idempotency keys, PO numbers. */
  setupRequest?: (request: RequestParts) => RequestParts;
}

/** When each request of a run is due: request i at i × 1000 / rate ms after the start. */
export class Schedule {
  constructor(
    readonly rate: number,
    readonly total: number,
  ) {
    if (!(rate > 0)) throw new RangeError(`rate must be > 0, got ${rate}`);
  }

  /** Milliseconds after the start when request `index` is due. */
  at(index: number): number {
    return (index * 1000) / this.rate;
  }

  /** The first request index from `from` on that is not yet due at `elapsedMs` (total when all are). */
  dueBy(elapsedMs: number, from: number): number {
    let next = from;
    while (next < this.total && this.at(next) <= elapsedMs) next += 1;
    return next;
  }
}

/** How far ahead of its time a tick may send a request (timers wake on whole milliseconds; see above). */
const EARLY_MS = 0.5;

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && TIMEOUT_CODES.has((error as { code?: string }).code ?? '');
}

export async function runPacedLoad(spec: PacedLoadSpec): Promise<LoadResult> {
  const total = spec.amount ?? Math.round(spec.rate * spec.durationSeconds);
  if (!(total >= 1)) throw new RangeError(`a paced load needs at least one request (rate ${spec.rate}, ${spec.durationSeconds} s)`);
  if (!(spec.connections >= 1)) throw new RangeError(`a paced load needs at least one connection, got ${spec.connections}`);
  const schedule = new Schedule(spec.rate, total);
  const target = new URL(spec.url);
  const method = spec.method ?? 'GET';
  const path = `${target.pathname}${target.search}`;
  const base: RequestParts = { method, path, headers: spec.headers ?? {}, ...(spec.body !== undefined ? { body: spec.body } : {}) };
  const timeoutMs = (spec.timeoutSeconds ?? 10) * 1000;
  const pool = new Pool(target.origin, { connections: spec.connections, pipelining: 1 });
  const tally = new AnswerTally();
  const sendLags = new Samples();
  const failures = { errors: 0, timeouts: 0 };
  let waited = 0;
  /** Requests [0, due) are due; [0, sent) were handed to a connection; [sent, due) wait for one, in order. */
  let due = 0;
  let sent = 0;
  let inFlight = 0;
  let finishedAt = 0;

  const started = process.hrtime.bigint();
  const elapsedMs = (): number => Number(process.hrtime.bigint() - started) / 1e6;

  try {
    await new Promise<void>((resolve, reject) => {
      let broken = false;
      const settle = (): void => {
        if (!broken && sent === total && inFlight === 0) {
          finishedAt = elapsedMs();
          resolve();
        }
      };
      const send = (index: number): void => {
        const scheduledAt = schedule.at(index);
        const sentAt = elapsedMs();
        sendLags.push(sentAt - scheduledAt);
        // Late: charged from the schedule (no coordinated omission). Early (at most EARLY_MS): from the send.
        const clockFrom = Math.min(scheduledAt, sentAt);
        const parts = spec.setupRequest ? spec.setupRequest({ ...base, headers: { ...base.headers } }) : base;
        inFlight += 1;
        pool
          .request({
            path: parts.path ?? path,
            method: parts.method ?? method,
            headers: parts.headers ?? {},
            body: parts.body ?? null,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          })
          .then(async ({ statusCode, body }) => {
            // The answer ends with its body: read it all before the clock stops.
            await body.arrayBuffer();
            tally.answer(statusCode, elapsedMs() - clockFrom);
          })
          .catch((error: unknown) => {
            if (isTimeout(error)) failures.timeouts += 1;
            else failures.errors += 1;
          })
          .finally(() => {
            inFlight -= 1;
            dispatch();
            settle();
          });
      };
      /** Hands waiting requests to free connections, oldest first. A setup hook that throws ends the run with its error. */
      const dispatch = (): void => {
        try {
          while (!broken && sent < due && inFlight < spec.connections) send(sent++);
        } catch (error) {
          broken = true;
          reject(error);
        }
      };
      const tick = (): void => {
        const before = due;
        due = schedule.dueBy(elapsedMs() + EARLY_MS, due);
        dispatch();
        // The ones that became due now and found no free connection.
        waited += Math.max(0, due - Math.max(sent, before));
        if (due < total && !broken) {
          // Node truncates a timer's delay to whole milliseconds and wakes up to about a millisecond after it: aim
          // for the start of the next request's early window. Waking too soon only costs another tick.
          setTimeout(tick, Math.max(1, Math.floor(schedule.at(due) - EARLY_MS - elapsedMs())));
        }
        settle();
      };
      tick();
    });
  } finally {
    await pool.close();
  }
  const lags = sendLags.sorted();
  // Over at least the scheduled span: a run that kept up answers at the rate asked.
  const seconds = Math.max(finishedAt, schedule.at(total)) / 1000;
  return tally.result(seconds, failures, { scheduled: total, waited, sendLagP50: percentile(lags, 0.5), sendLagP99: percentile(lags, 0.99) });
}
