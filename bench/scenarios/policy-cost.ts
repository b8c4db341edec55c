/**
 * Policy cost: where the policy chain's time goes. The policy-overhead scenario says how much throughput the chain
 * leaves; this one says which policy takes it, in server CPU per request, which is steadier than req/s on a shared
 * 2-core machine (it does not depend on how much CPU the load generator or anything else took meanwhile).
 *
 * 1. The same app as there (bench/servers/policy-app.ts), with no policy and with the whole chain, each serves a
 *    fixed number of requests while the scenario reads the server's own `process.cpuUsage()` (user + system, every
 *    thread: GC and libuv work count) before and after, from its control port (bench/lib/control-server.ts); alternating rounds, median.
 * 2. The whole-chain server is profiled in process (V8's sampling profiler, started and stopped around the load, so
 *    start-up is not in it) and its time is grouped by owner (bench/lib/cpuprofile.ts `summariseByOwner`): each
 *    sample goes to the policy or gateway module on its stack, library frames counting for whoever called them.
 * GET and POST (with a fresh Idempotency-Key each: the idempotency claim and record on Redis).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { BENCH_ROOT, startChild, type ChildServer } from '../lib/child';
import { cpuMicros, profileAround } from '../lib/control-server';
import { formatSelfTimes, summariseByOwner, summariseCpuProfile } from '../lib/cpuprofile';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/context';
import { assertAll2xx, median, runLoad, type LoadSpec } from '../lib/load';
import { fetchToken } from '../lib/tokens';
import type { PolicyAppInfo } from '../servers/policy-app';

type Method = 'GET' | 'POST';
const METHODS: readonly Method[] = ['GET', 'POST'];

function loadFor(method: Method, info: PolicyAppInfo, token: string | undefined, amount: number): LoadSpec {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const common = { url: info.noopUrl, connections: 10, durationSeconds: 600, amount };
  if (method === 'GET') return { ...common, headers };
  return {
    ...common,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: '{"note":"bench"}',
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }),
  };
}

export const policyCost: Scenario = {
  name: 'policy-cost',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const sizes = context.smoke ? { requests: 300, warmup: 200, rounds: 1, profiled: 300 } : { requests: 6000, warmup: 3000, rounds: 5, profiled: 20_000 };
    const servers: Record<'bare' | 'policies', ChildServer<PolicyAppInfo> | undefined> = { bare: undefined, policies: undefined };
    try {
      servers.bare = await startChild<PolicyAppInfo>('servers/policy-app.ts', ['bare'], { env: { ...context.env } });
      servers.policies = await startChild<PolicyAppInfo>('servers/policy-app.ts', ['policies'], { env: { ...context.env } });
      const token = await fetchToken(servers.policies.info.tokenUrl as string, 'globex-dev');
      const targets = { bare: servers.bare.info, policies: servers.policies.info };
      const run = async (name: keyof typeof targets, method: Method, amount: number) => {
        const result = await runLoad(loadFor(method, targets[name], token, amount));
        assertAll2xx(`policy-cost ${name} ${method}`, result);
        return result.requests;
      };
      const measure = async (name: keyof typeof targets, method: Method): Promise<number> => {
        const before = await cpuMicros(targets[name].controlUrl);
        const requests = await run(name, method, sizes.requests);
        return ((await cpuMicros(targets[name].controlUrl)) - before) / requests;
      };

      for (const name of ['bare', 'policies'] as const) for (const method of METHODS) await run(name, method, sizes.warmup);
      const perRequest: Record<string, number[]> = {};
      for (let round = 0; round < sizes.rounds; round += 1) {
        context.log(`policy-cost: CPU per request, round ${round + 1} of ${sizes.rounds}`);
        for (const method of METHODS) {
          for (const name of round % 2 ? (['policies', 'bare'] as const) : (['bare', 'policies'] as const)) {
            (perRequest[`${name} ${method}`] ??= []).push(await measure(name, method));
          }
        }
      }
      const cpu = (name: string, method: Method) => median(perRequest[`${name} ${method}`] as number[]);

      const profiles: Record<Method, { requests: number; file: string }> = {} as never;
      for (const method of METHODS) {
        context.log(`policy-cost: profiling the whole chain, ${method}`);
        const { result: requests, file } = await profileAround(targets.policies.controlUrl, () => run('policies', method, sizes.profiled));
        profiles[method] = { requests, file };
      }
      const root = path.resolve(BENCH_ROOT, '..');
      const owners = Object.fromEntries(METHODS.map((method) => [method, summariseByOwner(profiles[method].file, root)])) as Record<Method, ReturnType<typeof summariseByOwner>>;
      const names = [...new Set(METHODS.flatMap((method) => owners[method].owners.map((owner) => owner.owner)))];
      /** An owner's µs per request and share of the busy time, in one method's profile (0 where it was not sampled). */
      const ownerIn = (method: Method, owner: string) => {
        const entry = owners[method].owners.find((candidate) => candidate.owner === owner);
        return { micros: ((entry?.selfMs ?? 0) * 1000) / profiles[method].requests, share: entry?.percent ?? 0 };
      };
      const ownerRows = names
        .map((owner) => ({ owner, get: ownerIn('GET', owner), post: ownerIn('POST', owner) }))
        .filter((row) => row.get.micros >= 1 || row.post.micros >= 1)
        .sort((a, b) => b.get.micros - a.get.micros);
      // The policy-overhead goal in CPU terms: at 85 % of the no-policy throughput a CPU-bound server spends at most
      // bare ÷ 0.85 per request, so the chain may add bare × (1/0.85 − 1).
      const allowed = (method: Method) => cpu('bare', method) / 0.85 - cpu('bare', method);
      const added = (method: Method) => cpu('policies', method) - cpu('bare', method);

      const table = [
        ['what', 'GET CPU µs per request', 'POST CPU µs per request'],
        ['no policies (median of the rounds)', ...METHODS.map((method) => cpu('bare', method).toFixed(0))],
        ['whole chain (median of the rounds)', ...METHODS.map((method) => cpu('policies', method).toFixed(0))],
        ['the chain adds', ...METHODS.map((method) => added(method).toFixed(0))],
        ['85 % of the no-policy throughput allows it to add', ...METHODS.map((method) => allowed(method).toFixed(0))],
      ];
      const ownerTable = [
        '| owner (profile of the whole chain) | GET µs per request | GET share | POST µs per request | POST share |',
        '|---|---:|---:|---:|---:|',
        ...ownerRows.map((row) => `| ${row.owner} | ${row.get.micros.toFixed(1)} | ${row.get.share.toFixed(1)} % | ${row.post.micros.toFixed(1)} | ${row.post.share.toFixed(1)} % |`),
      ].join('\n');
      return {
        name: 'policy-cost',
        description: `Server CPU per request: \`process.cpuUsage()\` of the server around ${sizes.requests} requests on 10 connections (median of ${sizes.rounds} alternating rounds, after a warm-up), the no-op with no policy and behind the whole chain of the policy-overhead scenario; then the whole chain's server profiled in process over ${sizes.profiled} requests per method, its busy time grouped by owner (the policy or module on the sample's stack; library frames count for their caller; µs per request = owner's sampled time ÷ requests; the profiler's own cost is in the totals).`,
        table,
        goals: METHODS.map((method) => ({
          goal: `${method}: the chain adds at most ${allowed(method).toFixed(0)} µs of CPU per request (85 % of the no-policy throughput)`,
          met: added(method) <= allowed(method),
          detail: `+${added(method).toFixed(0)} µs (${cpu('bare', method).toFixed(0)} → ${cpu('policies', method).toFixed(0)} µs)`,
        })),
        data: { perRequest, owners },
        notes: [
          ownerTable,
          ...METHODS.map((method) => [`### Top functions, whole chain, ${method} (self time)`, '', formatSelfTimes(summariseCpuProfile(profiles[method].file, 15, root))].join('\n')),
        ],
      };
    } finally {
      for (const server of Object.values(servers)) await server?.stop();
    }
  },
};
