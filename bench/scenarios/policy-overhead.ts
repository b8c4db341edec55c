/**
 * Policy overhead: the same express app with the gateway's whole policy chain (bench/servers/policy-app.ts) against
 * it with none, both in their own child processes, the same no-op handler behind both. Two loads per target: as
 * fast as it answers (throughput) and at a fixed moderate rate (latency, where p99 is the policies' cost rather than
 * queueing). GET (no idempotency) and POST with a fresh Idempotency-Key per request (idempotency claim and record).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startChild, type ChildServer } from '../lib/child';
import { formatSelfTimes, summariseCpuProfile } from '../lib/cpuprofile';
import { ms, perSecond, ratio, type BenchContext, type Scenario, type ScenarioResult } from '../lib/context';
import { alternate, assertAll2xx, runLoad, type LoadSpec } from '../lib/load';
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
          baseline: { ...get(bare.info.noopUrl), connections: 10, overallRate: sizes.rate },
          subject: { ...get(policies.info.noopUrl), connections: 10, overallRate: sizes.rate },
        },
        'POST + Idempotency-Key throughput': { baseline: post(bare.info.noopUrl), subject: post(policies.info.noopUrl) },
        [`POST + Idempotency-Key at ${sizes.rate} req/s`]: {
          baseline: { ...post(bare.info.noopUrl), connections: 10, overallRate: sizes.rate },
          subject: { ...post(policies.info.noopUrl), connections: 10, overallRate: sizes.rate },
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
      for (const [label, pair] of Object.entries(loads)) {
        context.log(`policy-overhead: ${label}`);
        const measured = await alternate({ baseline: pair.baseline, subject: pair.subject }, { rounds: sizes.rounds, warmupSeconds: sizes.warmup });
        const base = measured.baseline!;
        const subject = measured.subject!;
        const throughputRatio = subject.rps / base.rps;
        const p99Delta = subject.p99 - base.p99;
        table.push([label, perSecond(base.rps), perSecond(subject.rps), ratio(throughputRatio), `${ms(base.p50)} / ${ms(base.p99)}`, `${ms(subject.p50)} / ${ms(subject.p99)}`, ms(p99Delta)]);
        data[label] = { baseline: base, subject, throughputRatio, p99DeltaMs: p99Delta };
        if (label.endsWith('throughput')) {
          goals.push({ goal: `${label}: ≥ ${THROUGHPUT_GOAL * 100} % of the no-policy throughput`, met: throughputRatio >= THROUGHPUT_GOAL, detail: `${(throughputRatio * 100).toFixed(1)} %` });
        } else {
          goals.push({ goal: `${label}: p99 ≤ ${P99_GOAL_MS} ms above no policies`, met: p99Delta <= P99_GOAL_MS, detail: `+${p99Delta.toFixed(2)} ms` });
        }
      }
      const notes: string[] = [];
      if (context.profile) {
        for (const child of children.splice(0)) await child.stop();
        notes.push(await profileSubject(context, sizes.connections, context.smoke ? 1 : 10));
      }
      return {
        name: 'policy-overhead',
        description:
          'A no-op GET/POST on partner/customers/v2 behind the request policies (correlation, access log, security headers, CORS) and the API chain as gateway/app.ts builds it (API version, audit record, ES256 JWT from the built-in issuer, lifecycle, plan throttling on Redis, body parsing, idempotency on Redis for POST) plus the scope check, against the same app with none. Throughput: as fast as answered; latency: a fixed rate, 10 connections.',
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

/** Runs the policies server alone under `--cpu-prof` through a GET load and summarises where its CPU went. */
async function profileSubject(context: BenchContext, connections: number, seconds: number): Promise<string> {
  const dir = mkdtempSync(path.join(context.env.BENCH_DATA_DIR, 'profile-'));
  const child = await startChild<PolicyAppInfo>('servers/policy-app.ts', ['policies'], { env: childEnv(context), nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  try {
    const token = await fetchToken(child.info.tokenUrl as string, 'globex-dev');
    const spec = { url: child.info.noopUrl, connections, headers: { authorization: `Bearer ${token}` } };
    await runLoad({ ...spec, durationSeconds: 2 });
    context.log(`policy-overhead: profiling the policies server for ${seconds} s`);
    const result = await runLoad({ ...spec, durationSeconds: seconds });
    assertAll2xx('profile run', result);
  } finally {
    await child.stop();
  }
  // The main thread's profile is the largest (tsx's loader thread writes one too).
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => path.join(dir, file));
  const summaries = files.map((file) => summariseCpuProfile(file, 15, path.resolve(__dirname, '..', '..'))).sort((a, b) => b.totalMs - a.totalMs);
  const main = summaries[0];
  if (!main) return 'No CPU profile was written.';
  return [`### CPU profile of the policies server (GET no-op, ${connections} connections, ${seconds} s under load, self time)`, '', formatSelfTimes(main)].join('\n');
}
