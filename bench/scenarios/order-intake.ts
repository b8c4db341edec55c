/**
 * Order intake: a fixed number of orders, each with its own PO number, submitted through the customer API
 * (POST /partner/customers/v2/orders → process orders v2, records on Redis) as fast as 10 connections get them
 * accepted, while the process tier's workers drain them through the system APIs into the sandbox ERP. Then: the
 * received → posted latency (the operations API's KPIs), the drain rate, and each PO counted in the ERP's own OData
 * service (sandbox/erp/sales-order-counts.ts): none lost, none duplicated. A fixed count (not a duration) so every request sent has its answer.
 */
import { randomUUID } from 'node:crypto';
import { salesOrdersPerPo } from '../../sandbox/erp/sales-order-counts';
import { ms, perSecond, ratio, type BenchContext, type Scenario, type ScenarioResult } from '../lib/context';
import { assertAll2xx, runLoad } from '../lib/load';
import { fetchToken } from '../lib/tokens';
import { startGatewayWithSandbox } from './tier-hop';

/** Healthy items of the seed (in stock everywhere), as reliability.test.ts uses. */
const MATERIALS = ['TG-10001', 'TG-10002', 'TG-10003', 'TG-10004', 'TG-10005', 'TG-10006', 'TG-10008', 'TG-10009'];
const CUSTOMER = '0010100001'; // globex
const MOVING = ['RECEIVED', 'VALIDATED', 'PRICED', 'ALLOCATED'];

/** The workflow as reliability.test.ts runs it: 16 steps at a time, quick polling; orders stop at RELEASED. */
const WORKFLOW = { process: { workflow: { pollIntervalMs: 200, leaseMs: 10_000, sweepIntervalMs: 1000, sweepGraceMs: 30_000, concurrency: 16 } } };

interface Kpis {
  latency: { receivedToPosted: { count: number; p50Seconds?: number; p95Seconds?: number } };
  window: { orders: number };
}

async function getJson<T>(url: string, authorization: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization, accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}


export const orderIntake: Scenario = {
  name: 'order-intake',
  async run(context: BenchContext): Promise<ScenarioResult> {
    const sizes = context.smoke ? { orders: 20, warmup: 5, connections: 10, drainTimeoutMs: 60_000 } : { orders: 1000, warmup: 50, connections: 10, drainTimeoutMs: 600_000 };
    const servers = await startGatewayWithSandbox(context, WORKFLOW);
    try {
      const gatewayUrl = servers.gateway.info.url;
      const tokenUrl = `${gatewayUrl}/oauth/token`;
      const [partnerToken, crmToken, architectToken] = await Promise.all(['globex-dev', 'internal-crm', 'architect'].map((client) => fetchToken(tokenUrl, client)));
      const prefix = `BENCH-${randomUUID().slice(0, 8)}-`;
      const sent: string[] = [];
      const submit = (count: number, tag: string) =>
        runLoad({
          url: `${gatewayUrl}/partner/customers/v2/orders`,
          method: 'POST',
          connections: Math.min(sizes.connections, count), // autocannon refuses more connections than requests
          durationSeconds: 3600,
          amount: count,
          headers: { authorization: `Bearer ${partnerToken}`, 'content-type': 'application/json' },
          setupRequest: (request) => {
            const n = sent.length;
            const reference = `${prefix}${tag}${n}`;
            sent.push(reference);
            const sku = MATERIALS[n % MATERIALS.length] as string;
            return {
              ...request,
              body: JSON.stringify({
                customerReference: reference,
                customerNumber: CUSTOMER,
                shipTo: { id: '0010200001' },
                items: [{ lineNumber: '1', sku, quantity: { value: String(1 + (n % 3)), unit: 'EA' } }],
              }),
            };
          },
        });
      context.log(`order-intake: ${sizes.warmup} warm-up orders`);
      const warmup = await submit(sizes.warmup, 'W');
      assertAll2xx('order warm-up', warmup);
      context.log(`order-intake: ${sizes.orders} orders`);
      const started = Date.now();
      const intake = await submit(sizes.orders, 'M');
      assertAll2xx('order intake', intake);
      if (intake.requests !== sizes.orders) throw new Error(`order intake: ${intake.requests} answers for ${sizes.orders} orders`);
      const intakeSeconds = (Date.now() - started) / 1000;

      // Drain: until no order of this run is still on its way to the ERP.
      const deadline = Date.now() + sizes.drainTimeoutMs;
      const moving = new URLSearchParams([...MOVING.map((status): [string, string] => ['status', status]), ['limit', '1']]);
      for (;;) {
        const page = await getJson<{ orders: unknown[] }>(`${gatewayUrl}/process/orders/v2/orders?${moving}`, `Bearer ${crmToken}`);
        if (page.orders.length === 0) break;
        if (Date.now() > deadline) throw new Error(`order intake: orders still moving after ${sizes.drainTimeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const drainedSeconds = (Date.now() - started) / 1000;
      const kpis = await getJson<Kpis>(`${gatewayUrl}/process/operations/v1/kpis?hours=1`, `Bearer ${architectToken}`);
      const exceptions = await getJson<{ exceptions?: unknown[] }>(`${gatewayUrl}/process/operations/v1/exceptions?status=OPEN&limit=100`, `Bearer ${architectToken}`).catch(() => ({ exceptions: [] }));

      const counts = await salesOrdersPerPo(servers.sandbox.info.erpUrl, CUSTOMER, (po) => po.startsWith(prefix));
      // Every answer was a 2xx (asserted), so each answered order must be in the ERP once. autocannon may build a
      // request it never sends at the very end, so the POs built can outnumber the answers: count against answers.
      const accepted = warmup.requests + intake.requests;
      const lost = Math.max(0, accepted - counts.size);
      const duplicated = [...counts.entries()].filter(([, count]) => count > 1).map(([po]) => po);
      const posted = counts.size;
      const intakeRate = sizes.orders / intakeSeconds;
      const drainRate = (sizes.orders + sizes.warmup) / Math.max(drainedSeconds, intakeSeconds);
      const p50 = (kpis.latency.receivedToPosted.p50Seconds ?? Number.NaN) * 1000;
      const p95 = (kpis.latency.receivedToPosted.p95Seconds ?? Number.NaN) * 1000;
      const table = [
        ['measure', 'value'],
        ['orders submitted (+ warm-up)', `${sizes.orders} (+${sizes.warmup})`],
        ['accepted per second (10 connections)', perSecond(intakeRate)],
        ['submission latency p50 / p99', `${ms(intake.p50)} / ${ms(intake.p99)}`],
        ['posted in the ERP per second, intake start → last posted', perSecond(drainRate)],
        ['drain / intake ratio', ratio(drainRate / intakeRate)],
        ['received → posted p50 / p95 (operations KPIs)', `${ms(p50)} / ${ms(p95)} over ${kpis.latency.receivedToPosted.count} orders`],
        ['all done after', `${drainedSeconds.toFixed(1)} s`],
        ['accepted (2xx) / in the ERP', `${accepted} / ${posted}`],
        ['lost (accepted, not in the ERP)', String(lost)],
        ['duplicated (in the ERP more than once)', String(duplicated.length)],
        ['open exceptions', String(exceptions.exceptions?.length ?? 0)],
      ];
      return {
        name: 'order-intake',
        description:
          'Orders with unique PO numbers through POST /partner/customers/v2/orders (partner → process, records and step events on Redis), 10 connections, a fixed count; the process tier drains them through the system APIs into the sandbox ERP (16 concurrent steps). No same-run baseline exists for a workflow, so the ratio given is drain rate / intake rate (≥ 1: the workflow keeps up).',
        table,
        goals: [
          { goal: 'no order lost', met: lost === 0, detail: `${lost} lost (${accepted} accepted, ${posted} in the ERP)` },
          { goal: 'no order duplicated', met: duplicated.length === 0, detail: `${duplicated.length} duplicated` },
        ],
        data: { built: sent.length, accepted, posted, lost, duplicated: duplicated.length, intakeRate, drainRate, receivedToPostedP50Ms: p50, receivedToPostedP95Ms: p95, intake },
      };
    } finally {
      await servers.stop();
    }
  },
};
