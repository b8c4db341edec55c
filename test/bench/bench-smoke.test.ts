/**
 * Every bench scenario in smoke mode (about a second per measurement, tiny sizes), so none can rot: the servers
 * start in their children, the loads run and answer only 2xx (the runner refuses anything else), ratios come out,
 * and the order scenario loses and duplicates nothing. No timing is asserted here: numbers belong to `npm run bench`.
 */
import assert from 'node:assert/strict';
import { runBench, SCENARIOS, type BenchRun } from '../../bench/run';
import type { Measured } from '../../bench/lib/load';
import { testRedis, type TestRedis } from '../support/redis';

function assertMeasured(label: string, measured: Measured | undefined): void {
  assert.ok(measured, `${label}: measured`);
  assert.ok(measured.requests > 0, `${label}: answered requests`);
  assert.ok(measured.rps > 0 && Number.isFinite(measured.rps), `${label}: req/s`);
  assert.ok(Number.isFinite(measured.p50) && Number.isFinite(measured.p99), `${label}: latencies`);
  for (const round of measured.rounds) {
    assert.equal(round.non2xx, 0, `${label}: only 2xx (${JSON.stringify(round.statuses)})`);
    assert.ok(Object.keys(round.statuses).every((status) => status.startsWith('2')), `${label}: statuses ${JSON.stringify(round.statuses)}`);
  }
}

describe('bench: every scenario in smoke mode', function () {
  this.timeout(180_000);
  let redis: TestRedis | undefined;
  let run: BenchRun;

  before(async function () {
    redis = await testRedis();
    if (!redis) this.skip();
    run = await runBench({ smoke: true, redisUrl: redis.url, keyPrefix: redis.keyPrefix, log: () => undefined });
  });
  after(async () => {
    await redis?.cleanup();
  });

  it('runs every scenario and reports the machine', () => {
    assert.deepEqual(run.results.map((result) => result.name), SCENARIOS.map((scenario) => scenario.name));
    for (const key of ['cpus', 'memory', 'node', 'packages']) assert.ok(run.machine[key], key);
    assert.match(run.report, /## Goals/);
    for (const result of run.results) {
      assert.ok(result.table.length > 1, `${result.name}: a table`);
      assert.ok(result.goals.length > 0, `${result.name}: goals`);
    }
  });

  it('policy-overhead: both apps answered 2xx and a throughput ratio came out', () => {
    const data = run.results.find((result) => result.name === 'policy-overhead')!.data as Record<string, { baseline: Measured; subject: Measured; throughputRatio: number }>;
    assert.ok(Object.keys(data).length >= 2);
    for (const [label, pair] of Object.entries(data)) {
      assertMeasured(`${label} baseline`, pair.baseline);
      assertMeasured(`${label} subject`, pair.subject);
      assert.ok(Number.isFinite(pair.throughputRatio) && pair.throughputRatio > 0, `${label}: ratio`);
    }
  });

  it('policy-cost: CPU per request for both servers and the whole chain’s time by owner', () => {
    const data = run.results.find((result) => result.name === 'policy-cost')!.data as { perRequest: Record<string, number[]>; owners: Record<string, { busyMs: number; owners: Array<{ owner: string; selfMs: number }> }> };
    for (const key of ['bare GET', 'policies GET', 'bare POST', 'policies POST']) assert.ok(data.perRequest[key]?.every((value) => value > 0 && Number.isFinite(value)), key);
    for (const method of ['GET', 'POST']) {
      const { busyMs, owners } = data.owners[method]!;
      assert.ok(busyMs > 0, `${method}: busy time sampled`);
      // The profile saw the policies themselves, not only the framework (a smoke run is a few hundred requests, so
      // only the policies every request spends most in are sure to be sampled).
      const policies = owners.map((entry) => entry.owner).filter((owner) => owner.startsWith('policy '));
      assert.ok(policies.includes('policy audit') && policies.length >= 3, `${method}: ${owners.map((entry) => entry.owner).join(', ')}`);
    }
  });

  it('tier-hop: every tier answered 2xx and a cost per hop came out', () => {
    const data = run.results.find((result) => result.name === 'tier-hop')!.data as { measured: Record<string, Measured>; perHopMs: number };
    assert.equal(Object.keys(data.measured).length, 4);
    for (const [label, measured] of Object.entries(data.measured)) assertMeasured(label, measured);
    assert.ok(Number.isFinite(data.perHopMs), 'per hop');
  });

  it('order-intake: every order accepted is in the ERP exactly once', () => {
    const data = run.results.find((result) => result.name === 'order-intake')!.data as { accepted: number; posted: number; lost: number; duplicated: number; intakeRate: number };
    assert.ok(data.accepted > 0);
    assert.equal(data.lost, 0);
    assert.equal(data.duplicated, 0);
    assert.equal(data.posted, data.accepted);
    assert.ok(data.intakeRate > 0);
  });

  it('x12: every reader read every set and line of the same file, and the ratio came out', () => {
    const data = run.results.find((result) => result.name === 'x12')!.data as { generated: { sets: number; bytes: number }; summary: Record<string, { mbPerSecond: number }>; speedupOverNodeX12: number };
    assert.ok(data.generated.sets > 100 && data.generated.bytes >= 200_000);
    for (const name of ['ours', 'node-x12', 'x12-parser']) assert.ok(data.summary[name]!.mbPerSecond > 0, name);
    assert.ok(Number.isFinite(data.speedupOverNodeX12) && data.speedupOverNodeX12 > 0);
  });
});
