/**
 * Policy overhead: the same express app with the gateway's whole policy chain (bench/servers/policy-app.ts) against
 * it with none, both in their own child processes, the same no-op handler behind both. Two loads per target: as
 * fast as it answers (throughput, autocannon, closed loop) and at a fixed moderate rate, evenly paced and open loop
 * (bench/lib/paced-load.ts; latency, where p99 is the policies' cost rather than queueing behind a burst). GET (no
 * idempotency) and POST with a fresh Idempotency-Key per request (idempotency claim and record).
 */
import { randomUUID } from 'node:crypto';
import { startChild, type ChildServer } from '../lib/child';
import { ms, perSecond, ratio, type BenchContext, type Scenario, type ScenarioResult } from '../lib/context';
import { alternate, pacingTable, type LoadSpec, type Measured } from '../lib/load';
import { fetchToken } from '../lib/tokens';
import type { PolicyAppInfo } from '../servers/policy-app';

const THROUGHPUT_GOAL = 0.85;
const P99_GOAL_MS = 2;

function childEnv(context: BenchContext): NodeJS.ProcessEnv {
  return { ...context.env };
}

export const policyOverhead: Scenario = {
  name: 'policy-overhead',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const sizes = context.smoke
      ? { duration: 1, warmup: 1, rounds: 1, connections: 10, rate: 200 }
      : { duration: 8, warmup: 3, rounds: 3, connections: 20, rate: 400 };
    const children: Array<ChildServer<PolicyAppInfo>> = [];
    try {
      const started = await Promise.allSettled(['bare', 'policies'].map((mode) => startChild<PolicyAppInfo>('servers/policy-app.ts', [mode], { env: childEnv(context) })));
      for (const outcome of started) if (outcome.status === 'fulfilled') children.push(outcome.value);
      for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
      const [bare, policies] = children as [ChildServer<PolicyAppInfo>, ChildServer<PolicyAppInfo>];
      const token = await fetchToken(policies.info.tokenUrl as string, 'globex-dev');
      // Both get the same request bytes: the bare app ignores the header it does not need.
      const headers = { authorization: `Bearer ${token}` };
      const post = (url: string): LoadSpec => ({
        url,
        method: 'POST',
        connections: sizes.connections,
        durationSeconds: sizes.duration,
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"note":"bench"}',
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }),
      });
      const get = (url: string): LoadSpec => ({ url, connections: sizes.connections, durationSeconds: sizes.duration, headers });
      const loads: Record<string, { baseline: LoadSpec; subject: LoadSpec }> = {
        'GET throughput': { baseline: get(bare.info.noopUrl), subject: get(policies.info.noopUrl) },
        [`GET at ${sizes.rate} req/s`]: {
          baseline: { ...get(bare.info.noopUrl), connections: 10, rate: sizes.rate },
          subject: { ...get(policies.info.noopUrl), connections: 10, rate: sizes.rate },
        },
        'POST + Idempotency-Key throughput': { baseline: post(bare.info.noopUrl), subject: post(policies.info.noopUrl) },
        [`POST + Idempotency-Key at ${sizes.rate} req/s`]: {
          baseline: { ...post(bare.info.noopUrl), connections: 10, rate: sizes.rate },
          subject: { ...post(policies.info.noopUrl), connections: 10, rate: sizes.rate },
        },
      };
      // Smoke mode keeps one throughput and one fixed-rate load, one of them with idempotency: every code path, half the time.
      if (context.smoke) {
        delete loads[`GET at ${sizes.rate} req/s`];
        delete loads['POST + Idempotency-Key throughput'];
      }
      const table = [['load', 'no policies req/s', 'policies req/s', 'throughput ratio', 'no policies p50 / p99', 'policies p50 / p99', 'p99 Δ']];
      const goals: ScenarioResult['goals'] = [];
      const data: Record<string, unknown> = {};
      /** Every target of every load, for the pacing table (it lists only the paced ones). */
      const all: Record<string, Measured> = {};
      for (const [label, pair] of Object.entries(loads)) {
        context.log(`policy-overhead: ${label}`);
        const measured = await alternate({ baseline: pair.baseline, subject: pair.subject }, { rounds: sizes.rounds, warmupSeconds: sizes.warmup });
        const base = measured.baseline!;
        const subject = measured.subject!;
        const throughputRatio = subject.rps / base.rps;
        const p99Delta = subject.p99 - base.p99;
        table.push([label, perSecond(base.rps), perSecond(subject.rps), ratio(throughputRatio), `${ms(base.p50)} / ${ms(base.p99)}`, `${ms(subject.p50)} / ${ms(subject.p99)}`, ms(p99Delta)]);
        data[label] = { baseline: base, subject, throughputRatio, p99DeltaMs: p99Delta };
        all[`${label}, no policies`] = base;
        all[`${label}, policies`] = subject;
        if (label.endsWith('throughput')) {
          goals.push({ goal: `${label}: ≥ ${THROUGHPUT_GOAL * 100} % of the no-policy throughput`, met: throughputRatio >= THROUGHPUT_GOAL, detail: `${(throughputRatio * 100).toFixed(1)} %` });
        } else {
          goals.push({ goal: `${label}: p99 ≤ ${P99_GOAL_MS} ms above no policies`, met: p99Delta <= P99_GOAL_MS, detail: `+${p99Delta.toFixed(2)} ms` });
        }
      }
      const notes: string[] = [pacingTable(all)].filter((note) => note !== '');
      return {
        name: 'policy-overhead',
        description:
          'A no-op GET/POST on partner/customers/v2 behind the request policies (correlation, access log, metrics, security headers, CORS, request hygiene) and the API chain as gateway/app.ts builds it (API version, audit record, ES256 JWT from the built-in issuer, lifecycle, plan throttling on Redis, body parsing, idempotency on Redis for POST) plus the scope check, against the same app with none. Throughput: as fast as answered (autocannon, closed loop); latency: a fixed rate evenly paced, open loop, over at most 10 keep-alive connections, each latency from the request\'s scheduled time to the end of its body (a stall is charged for every request it delayed).',
        table,
        goals,
        data,
        notes,
      };
    } finally {
      for (const child of children) await child.stop();
    }
  },
};
