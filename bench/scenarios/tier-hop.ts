/**
 * Tier hop: a read that crosses every tier into the sandbox, GET /partner/customers/v2/availability?sku= (partner →
 * process inventory → system ERP and WMS, in parallel → sandbox ERP and WMS), against a direct call to the sandbox
 * ERP for the item (OData A_Product, one of the platform calls at the bottom of that path). The process and system
 * reads of the same item are measured too, so each hop's share shows. Fixed moderate load: 10 connections, a fixed rate.
 */
import { startChild, type ChildServer } from '../lib/child';
import { ms, perSecond, ratio, type BenchContext, type Scenario, type ScenarioResult } from '../lib/context';
import { alternate, type LoadSpec } from '../lib/load';
import { fetchToken } from '../lib/tokens';
import type { GatewayInfo } from '../servers/gateway';
import type { SandboxInfo } from '../servers/sandbox';

const SKU = 'TG-10001';
/** Gateway tiers the partner read crosses before the platform: partner, process, system. */
const HOPS = 3;
const PER_HOP_GOAL_MS = 1;

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
        overallRate: sizes.rate,
        durationSeconds: sizes.duration,
        headers: { authorization, accept: 'application/json' },
      });
      const targets = {
        'sandbox ERP direct (A_Product)': load(`${servers.sandbox.info.erpUrl}/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product('${SKU}')?$format=json`, `Basic ${Buffer.from('SANDBOX:sandbox').toString('base64')}`),
        'system ERP item (1 tier)': load(`${gatewayUrl}/system/erp/v1/items/${SKU}`, `Bearer ${internalToken}`),
        'process inventory availability (2 tiers)': load(`${gatewayUrl}/process/inventory/v1/items/${SKU}/availability`, `Bearer ${internalToken}`),
        'partner availability (3 tiers)': load(`${gatewayUrl}/partner/customers/v2/availability?sku=${SKU}`, `Bearer ${partnerToken}`),
      };
      context.log('tier-hop: sandbox direct, system, process, partner');
      const measured = await alternate(targets, { rounds: sizes.rounds, warmupSeconds: sizes.warmup });
      const names = Object.keys(targets);
      const baseline = measured[names[0]!]!;
      const subject = measured[names[names.length - 1]!]!;
      const perHop = (subject.p50 - baseline.p50) / HOPS;
      const table = [['target', 'req/s', 'p50', 'p99', 'p50 vs sandbox direct', 'p50 ratio']];
      for (const name of names) {
        const result = measured[name]!;
        table.push([name, perSecond(result.rps), ms(result.p50), ms(result.p99), `+${ms(result.p50 - baseline.p50)}`, ratio(result.p50 / baseline.p50)]);
      }
      return {
        name: 'tier-hop',
        description: `A read of ${SKU}'s availability through partner → process → system → sandbox against a direct sandbox ERP read of the item, at ${sizes.rate} req/s over 10 connections. Cost per hop = (partner p50 − direct p50) / ${HOPS}. The process tier reads the ERP item, the ERP's ATP and the WMS stock in parallel, and each system call makes one to three sandbox calls, so the per-hop figure also carries that extra platform work: an upper bound.`,
        table,
        goals: [{ goal: `≤ ${PER_HOP_GOAL_MS} ms p50 per hop at ${sizes.rate} req/s`, met: perHop <= PER_HOP_GOAL_MS, detail: `${perHop.toFixed(2)} ms per hop` }],
        data: { measured, perHopMs: perHop, baselineP50: baseline.p50, subjectP50: subject.p50 },
      };
    } finally {
      await servers.stop();
    }
  },
};
