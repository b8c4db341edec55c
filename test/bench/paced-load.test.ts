/**
 * The paced open-loop generator of the bench's fixed-rate loads (bench/lib/paced-load.ts), against a local
 * node:http server that records what arrives: it sends the number asked at the spacing asked (never autocannon's
 * once-a-second bursts), it charges a stall to every request the stall delayed (no coordinated omission), it stays
 * within its connections, and it counts what is not 2xx so the bench can refuse the run. Spacing is asserted loosely
 * (a burst fails by a wide margin); nothing here asserts how fast anything is.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { assertAll2xx } from '../../bench/lib/load';
import { runPacedLoad, Schedule, type RequestParts } from '../../bench/lib/paced-load';

interface Arrival {
  at: number;
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
  remotePort: number;
}

type Handler = (request: IncomingMessage, response: ServerResponse, arrival: Arrival, index: number) => void;

/** A server that records every request's arrival time (ms) and hands it to the current test's handler. */
class RecordingServer {
  readonly arrivals: Arrival[] = [];
  handler: Handler = (_request, response) => response.end('ok');
  private readonly server: Server = createServer((request, response) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const arrival = { at, method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks).toString(), remotePort: request.socket.remotePort ?? 0 };
      this.arrivals.push(arrival);
      this.handler(request, response, arrival, this.arrivals.length - 1);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/probe?x=1`;
  }

  reset(handler?: Handler): void {
    this.arrivals.length = 0;
    this.handler = handler ?? ((_request, response) => response.end('ok'));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Arrivals per bucket of `bucketMs`, from the first arrival; the last, partial bucket is left out. */
function buckets(arrivals: readonly Arrival[], bucketMs: number, spanMs: number): number[] {
  const first = arrivals[0]!.at;
  const counts = new Array<number>(Math.floor(spanMs / bucketMs)).fill(0);
  for (const arrival of arrivals) {
    const bucket = Math.floor((arrival.at - first) / bucketMs);
    if (bucket < counts.length) counts[bucket]! += 1;
  }
  return counts;
}

function medianGap(arrivals: readonly Arrival[]): number {
  const gaps = arrivals.slice(1).map((arrival, index) => arrival.at - arrivals[index]!.at);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

describe('bench: the paced open-loop load generator', function () {
  this.timeout(30_000);
  const server = new RecordingServer();
  let url: string;

  before(async () => {
    url = await server.start();
  });
  after(async () => {
    await server.stop();
  });

  describe('its schedule', () => {
    it('puts request i at i × 1000 / rate ms, sub-millisecond spacing included', () => {
      const schedule = new Schedule(4000, 10);
      assert.equal(schedule.at(0), 0);
      assert.equal(schedule.at(4), 1);
      // Everything due by a tick goes out at that tick: at 1 ms, requests 0..4.
      assert.equal(schedule.dueBy(1, 0), 5);
      assert.equal(schedule.dueBy(0.99, 0), 4);
      assert.equal(schedule.dueBy(1, 5), 5);
      // Never beyond the run's total.
      assert.equal(schedule.dueBy(1000, 5), 10);
    });

    it('refuses a rate that is not positive', () => {
      assert.throws(() => new Schedule(0, 10), RangeError);
    });
  });

  it('sends rate × duration requests, evenly spaced: no bucket of 100 ms holds a burst', async () => {
    server.reset();
    const rate = 200;
    const result = await runPacedLoad({ url, connections: 4, rate, durationSeconds: 1.5 });
    assert.equal(server.arrivals.length, 300);
    assert.equal(result.requests, 300);
    assert.deepEqual(result.statuses, { 200: 300 });
    assert.equal(result.pacing?.scheduled, 300);
    // 20 per bucket when paced; autocannon's overallRate would put all 200 of a second into one.
    const counts = buckets(server.arrivals, 100, 1500);
    for (const [index, count] of counts.entries()) assert.ok(count > 0 && count <= 40, `bucket ${index}: ${count} requests (expected about 20): ${counts.join(' ')}`);
    const gap = medianGap(server.arrivals);
    assert.ok(gap >= 2.5 && gap <= 7.5, `median gap between arrivals ${gap.toFixed(2)} ms (expected about 5)`);
  });

  it('sends every request due at each tick when they are under a millisecond apart', async () => {
    server.reset();
    const result = await runPacedLoad({ url, connections: 10, rate: 2000, durationSeconds: 0.5 });
    assert.equal(server.arrivals.length, 1000);
    assert.equal(result.requests, 1000);
    const counts = buckets(server.arrivals, 100, 500);
    for (const [index, count] of counts.entries()) assert.ok(count > 0 && count <= 400, `bucket ${index}: ${count} requests (expected about 200): ${counts.join(' ')}`);
  });

  it('charges a stall to every request it delayed, from their schedule (no coordinated omission)', async () => {
    // One connection, 100 req/s; request 20 is held 200 ms. The ~20 requests due meanwhile wait for the connection
    // and are charged from when they were due: 190, 180 … ms. Charged from when they were sent, only the held one
    // would be slow and p99 (the second worst of 100) and p90 would be a millisecond or so.
    server.reset((_request, response, _arrival, index) => {
      if (index === 20) setTimeout(() => response.end('late'), 200);
      else response.end('ok');
    });
    const result = await runPacedLoad({ url, connections: 1, rate: 100, durationSeconds: 1 });
    assert.equal(result.requests, 100);
    assert.ok(result.p99 >= 180, `p99 ${result.p99.toFixed(1)} ms`);
    assert.ok(result.p90 >= 50, `p90 ${result.p90.toFixed(1)} ms`);
    assert.ok(result.pacing!.waited >= 10, `waited ${result.pacing!.waited}`);
    assert.ok(result.pacing!.sendLagP99 >= 100, `send lag p99 ${result.pacing!.sendLagP99.toFixed(1)} ms`);
  });

  it('keeps to its connections, reused (keep-alive); what is due meanwhile waits and is counted', async () => {
    let open = 0;
    let mostOpen = 0;
    // Every answer takes 30 ms while requests are due every 10 ms: three would be needed, two are allowed.
    server.reset((_request, response) => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      setTimeout(() => {
        open -= 1;
        response.end('ok');
      }, 30);
    });
    const result = await runPacedLoad({ url, connections: 2, rate: 100, durationSeconds: 0.5 });
    assert.equal(result.requests, 50);
    assert.ok(mostOpen <= 2, `${mostOpen} requests open at once`);
    assert.ok(new Set(server.arrivals.map((arrival) => arrival.remotePort)).size <= 2, 'at most two connections');
    assert.ok(result.pacing!.waited > 0, 'some requests waited for a connection');
  });

  it('sends the method, headers and body asked, through the per-request setup hook', async () => {
    server.reset();
    let n = 0;
    const result = await runPacedLoad({
      url,
      method: 'POST',
      connections: 2,
      rate: 100,
      amount: 20,
      durationSeconds: 60,
      headers: { 'content-type': 'application/json', 'x-fixed': 'yes' },
      body: '{"note":"bench"}',
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': `key-${n++}` } }),
    });
    // `amount` decides the count, not rate × duration.
    assert.equal(result.requests, 20);
    assert.equal(server.arrivals.length, 20);
    for (const arrival of server.arrivals) {
      assert.equal(arrival.method, 'POST');
      assert.equal(arrival.body, '{"note":"bench"}');
      assert.equal(arrival.headers['x-fixed'], 'yes');
    }
    assert.deepEqual(new Set(server.arrivals.map((arrival) => arrival.headers['idempotency-key'])).size, 20);
  });

  it('ends the run with the error of a setup hook that throws', async () => {
    server.reset();
    let n = 0;
    const setupRequest = (request: RequestParts): RequestParts => {
      if (++n === 3) throw new Error('no more keys');
      return request;
    };
    await assert.rejects(runPacedLoad({ url, connections: 2, rate: 100, amount: 10, durationSeconds: 60, setupRequest }), /no more keys/);
  });

  it('counts answers outside 2xx, errors and timeouts, so the bench refuses the run', async () => {
    server.reset((request, response, _arrival, index) => {
      if (index === 5) request.socket.destroy();
      else if (index === 9) return; // never answered: a timeout
      else {
        response.statusCode = index % 4 === 0 ? 503 : 200;
        response.end('x');
      }
    });
    const result = await runPacedLoad({ url, connections: 4, rate: 100, amount: 40, durationSeconds: 60, timeoutSeconds: 0.3 });
    assert.equal(result.errors, 1);
    assert.equal(result.timeouts, 1);
    assert.equal(result.statuses['503'], 10);
    assert.equal(result.statuses['200'], 28);
    assert.equal(result.non2xx, 10);
    assert.equal(result.requests, 38);
    assert.throws(() => assertAll2xx('paced', result), /10 answers outside 2xx.*1 errors, 1 timeouts/);
  });
});
