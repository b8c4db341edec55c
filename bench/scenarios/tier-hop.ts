/**
 * Tier hop: a read that crosses every tier into the sandbox, GET /partner/customers/v2/availability?sku= (partner →
 * process inventory → system ERP and WMS, in parallel → sandbox ERP and WMS), against a direct call to the sandbox
 * ERP for the item (OData A_Product with the system tier's own $expand: the very platform call the system row
 * makes, at the bottom of that path). The process and system reads of the same item are measured too, each the call
 * the tier above makes, so each hop's share shows. Fixed moderate load: a fixed rate, evenly paced
 * (bench/lib/paced-load.ts, open loop, latency from each request's schedule) over at most 10 connections.
 * Then where a hop's time goes: the gateway's own CPU per request of each gateway row (from its control port, its
 * idle background work subtracted), and an in-process profile of the system row grouped by owner.
 */
import path from 'node:path';
import { BENCH_ROOT, startChild, type ChildServer } from '../lib/child';
import { ms, perSecond, ratio, type BenchContext, type Scenario, type ScenarioResult } from '../lib/context';
import { cpuMicros, profileAround } from '../lib/control-server';
import { formatOwners, summariseByOwner } from '../lib/cpuprofile';
import { alternate, assertAll2xx, pacingTable, runLoad, type LoadSpec, type Measured } from '../lib/load';
import { probeLoopback } from '../lib/loopback-probe';
import { fetchToken } from '../lib/tokens';
import type { GatewayInfo } from '../servers/gateway';
import type { SandboxInfo } from '../servers/sandbox';

const SKU = 'TG-10001';
/** Gateway tiers the partner read crosses before the platform: partner, process, system. */
const HOPS = 3;
const PER_HOP_GOAL_MS = 1;

const DIRECT = 'sandbox ERP direct (A_Product, expanded)';
const SYSTEM = 'system ERP item (1 tier)';
const PROCESS = 'process inventory availability (2 tiers)';
const PARTNER = 'partner availability (3 tiers)';

/**
 * Each tier's own share, from consecutive rows: what a row's p50 adds over the row below it. Each row is the call
 * the tier above it makes, so the system and partner hops are like for like (one call in, the same one call out);
 * the process hop also carries the process tier's three parallel system calls (the slowest counts) and their
 * sandbox calls.
 */
export function hopShares(measured: Record<string, Measured>): Array<{ hop: string; between: string; p50AddedMs: number }> {
  const p50 = (name: string): number => (measured[name] as Measured).p50;
  return [
    { hop: 'system', between: `${SYSTEM} − ${DIRECT}`, p50AddedMs: p50(SYSTEM) - p50(DIRECT) },
    { hop: 'process', between: `${PROCESS} − ${SYSTEM}`, p50AddedMs: p50(PROCESS) - p50(SYSTEM) },
    { hop: 'partner', between: `${PARTNER} − ${PROCESS}`, p50AddedMs: p50(PARTNER) - p50(PROCESS) },
  ];
}

export async function startGatewayWithSandbox(context: BenchContext, overrides: Record<string, unknown> = {}): Promise<{ sandbox: ChildServer<SandboxInfo>; gateway: ChildServer<GatewayInfo>; stop(): Promise<void> }> {
  const sandbox = await startChild<SandboxInfo>('servers/sandbox.ts', [], { env: { ...context.env } });
  try {
    const gateway = await startChild<GatewayInfo>('servers/gateway.ts', [], {
      env: { ...context.env, BENCH_ERP_URL: sandbox.info.erpUrl, BENCH_WMS_URL: sandbox.info.wmsUrl, BENCH_GATEWAY_OVERRIDES: JSON.stringify(overrides) },
    });
    return {
      sandbox,
      gateway,
      async stop() {
        await gateway.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}

export const tierHop: Scenario = {
  name: 'tier-hop',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const sizes = context.smoke ? { duration: 1.5, warmup: 1, rounds: 1, rate: 20 } : { duration: 10, warmup: 4, rounds: 3, rate: 40 };
    const servers = await startGatewayWithSandbox(context);
    try {
      const gatewayUrl = servers.gateway.info.url;
      const tokenUrl = `${gatewayUrl}/oauth/token`;
      const [partnerToken, internalToken] = await Promise.all([fetchToken(tokenUrl, 'globex-dev'), fetchToken(tokenUrl, 'internal-crm')]);
      const load = (url: string, authorization: string): LoadSpec => ({
        url,
        connections: 10,
        rate: sizes.rate,
        durationSeconds: sizes.duration,
        headers: { authorization, accept: 'application/json' },
      });
      const targets = {
        // The resource and $expand the system tier's S/4HANA adapter asks for an item (entityPath + PRODUCT_EXPAND).
        [DIRECT]: load(`${servers.sandbox.info.erpUrl}/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product('${SKU}')?$expand=to_Description%2Cto_ProductUnitsOfMeasure&$format=json`, `Basic ${Buffer.from('SANDBOX:sandbox').toString('base64')}`),
        [SYSTEM]: load(`${gatewayUrl}/system/erp/v1/items/${SKU}`, `Bearer ${internalToken}`),
        // The call the partner tier makes (InventoryProcessClient.listAvailability), one material.
        [PROCESS]: load(`${gatewayUrl}/process/inventory/v1/availability?material=${SKU}`, `Bearer ${internalToken}`),
        [PARTNER]: load(`${gatewayUrl}/partner/customers/v2/availability?sku=${SKU}`, `Bearer ${partnerToken}`),
      };
      context.log('tier-hop: sandbox direct, system, process, partner');
      const measured = await alternate(targets, { rounds: sizes.rounds, warmupSeconds: sizes.warmup });
      context.log('tier-hop: loopback round trips between two processes');
      const loopback = await probeLoopback([
        { gapMs: 0, count: context.smoke ? 200 : 2000 },
        { gapMs: 1000 / sizes.rate, count: context.smoke ? 20 : 200 },
      ]);
      context.log('tier-hop: gateway CPU per request, and a profile of the system hop');
      const cost = await gatewayCost(servers.gateway.info.controlUrl, { [SYSTEM]: targets[SYSTEM]!, [PROCESS]: targets[PROCESS]!, [PARTNER]: targets[PARTNER]! }, sizes.duration);
      const names = Object.keys(targets);
      const baseline = measured[DIRECT]!;
      const subject = measured[PARTNER]!;
      const perHop = (subject.p50 - baseline.p50) / HOPS;
      const hops = hopShares(measured);
      const table = [['target', 'req/s', 'p50', 'p99', 'p50 vs sandbox direct', 'p50 ratio']];
      for (const name of names) {
        const result = measured[name]!;
        table.push([name, perSecond(result.rps), ms(result.p50), ms(result.p99), `+${ms(result.p50 - baseline.p50)}`, ratio(result.p50 / baseline.p50)]);
      }
      return {
        name: 'tier-hop',
        description: `A read of ${SKU}'s availability through partner → process → system → sandbox against a direct sandbox ERP read of the item (the very OData request the system tier sends), at ${sizes.rate} req/s evenly paced (open loop, over at most 10 keep-alive connections; latency from each request's scheduled time to the end of its body). Cost per hop = (partner p50 − direct p50) / ${HOPS}. The process tier reads the ERP item, the ERP's ATP and the WMS stock in parallel, and each system call makes one to three sandbox calls, so the per-hop figure also carries that extra platform work: an upper bound. Each tier's own share, from consecutive rows, follows the table.`,
        table,
        goals: [{ goal: `≤ ${PER_HOP_GOAL_MS} ms p50 per hop at ${sizes.rate} req/s`, met: perHop <= PER_HOP_GOAL_MS, detail: `${perHop.toFixed(2)} ms per hop (system ${ms(hops[0]!.p50AddedMs)}, process ${ms(hops[1]!.p50AddedMs)}, partner ${ms(hops[2]!.p50AddedMs)})` }],
        data: { measured, perHopMs: perHop, hops, baselineP50: baseline.p50, subjectP50: subject.p50, gatewayCpu: cost.cpu, loopback },
        notes: [
          [
            '| hop | p50 added | from |',
            '|---|---|---|',
            ...hops.map((hop) => `| ${hop.hop} | ${ms(hop.p50AddedMs)} | ${hop.between} |`),
            '',
            'The system and partner hops are one call in and one out; the process hop also holds the process tier\'s three parallel system calls (the slowest of them counts) and their extra sandbox calls.',
          ].join('\n'),
          pacingTable(measured),
          [
            '| gateway row | gateway CPU per request | of which the row above adds |',
            '|---|---|---|',
            ...cost.cpu.map((row, index) => `| ${row.target} | ${row.micros.toFixed(0)} µs | ${index === 0 ? '(one hop: policies, route, ERP adapter, one platform call)' : `${(row.micros - (cost.cpu[index - 1] as { micros: number }).micros).toFixed(0)} µs`} |`),
            '',
            `Gateway CPU (\`process.cpuUsage()\`, all threads) over ${cost.requests} paced requests per row, less the gateway's idle background work over as long (${cost.idleMicrosPerSecond.toFixed(0)} µs/s: workflow polling, metrics). The process row makes three system calls (so four hops in all), the partner row one process call more.`,
          ].join('\n'),
          [
            '| loopback round trip between two processes (200 bytes, TCP) | p50 | CPU of the sending process per round trip |',
            '|---|---|---|',
            ...loopback.map((run) => `| ${run.gapMs === 0 ? 'back to back' : `one every ${run.gapMs.toFixed(0)} ms (the spacing of this load)`} | ${run.p50Micros.toFixed(0)} µs | ${run.cpuMicros.toFixed(0)} µs |`),
            '',
            'What the machine charges for one message between processes that were asleep (bench/lib/loopback-probe.ts): a hop is several such messages (the caller, Redis for the throttling counters, the next tier or the platform).',
          ].join('\n'),
          [`### Where the system hop's gateway CPU goes (in-process profile, ${cost.requests} requests, µs per request by owner)`, '', formatOwners(cost.owners, cost.requests)].join('\n'),
        ],
      };
    } finally {
      await servers.stop();
    }
  },
};

/**
 * The gateway's CPU per request of each row (paced as measured, one row at a time), its background work while idle
 * subtracted, and a profile of the first row (the system hop) grouped by owner.
 */
async function gatewayCost(controlUrl: string, targets: Record<string, LoadSpec>, seconds: number) {
  const idleStart = await cpuMicros(controlUrl);
  const idleStarted = Date.now();
  await new Promise((resolve) => setTimeout(resolve, Math.min(3000, seconds * 1000)));
  const idleMicrosPerSecond = ((await cpuMicros(controlUrl)) - idleStart) / ((Date.now() - idleStarted) / 1000);
  const cpu: Array<{ target: string; micros: number }> = [];
  for (const [target, spec] of Object.entries(targets)) {
    const before = await cpuMicros(controlUrl);
    const started = Date.now();
    const result = await runLoad(spec);
    const busy = (await cpuMicros(controlUrl)) - before - (idleMicrosPerSecond * (Date.now() - started)) / 1000;
    assertAll2xx(`tier-hop CPU ${target}`, result);
    cpu.push({ target, micros: busy / result.requests });
  }
  const [first] = Object.values(targets);
  const { result, file } = await profileAround(controlUrl, () => runLoad(first as LoadSpec));
  assertAll2xx('tier-hop profile', result);
  // Every row is paced alike, so the profiled run's request count is each row's too.
  return { idleMicrosPerSecond, cpu, requests: result.requests, owners: summariseByOwner(file, path.resolve(BENCH_ROOT, '..')) };
}
