/**
 * Nothing lost, nothing duplicated: 500 orders submitted while the sandbox ERP is taken down and brought back twice.
 * Afterwards every accepted order is in the ERP exactly once (found by its PO number) or in the exceptions queue;
 * replaying the queue posts the rest, exactly once. Once with the embedded default (one instance, in-process state)
 * and once with two gateway instances sharing Redis, the ERP and the WMS.
 */
import assert from 'node:assert/strict';
import { salesOrdersPerPo } from '../../sandbox/erp/sales-order-counts';
import { startSandboxErp } from '../../sandbox/erp/server';
import { startSandboxWms } from '../../sandbox/wms/server';
import type { PlatformServer } from '../../sandbox/types';
import type { OrderSubmission, ProcessOrder } from '../../apis/process/orders/v2/models';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { line, orderSubmission } from '../support/orders';
import { testRedis, type TestRedis } from '../support/redis';

type Agent = Awaited<ReturnType<TestGateway['as']>>;

const ORDERS = 500;
/** Healthy items of the seed (in stock in every warehouse), so orders differ without running anything short. */
const MATERIALS = ['TG-10001', 'TG-10002', 'TG-10003', 'TG-10004', 'TG-10005', 'TG-10006', 'TG-10008', 'TG-10009'];
/** Retries short enough that an ERP outage of a second or two sends some orders to the exceptions queue. */
const WORKFLOW = {
  process: {
    workflow: { retryBaseDelayMs: 50, retryMaxDelayMs: 300, maxAttempts: 5, pollIntervalMs: 200, leaseMs: 10_000, sweepIntervalMs: 500, sweepGraceMs: 15_000, concurrency: 16 },
    circuitBreaker: { volumeThreshold: 5, resetTimeoutMs: 300, rollingWindowMs: 2000 },
  },
  platforms: { erp: { timeoutMs: 1500, retries: 0 }, wms: { timeoutMs: 1500, retries: 0 } },
  tiers: { retries: 0, timeoutMs: 5000 },
  // Orders stop at RELEASED: this test is about the ERP, and shipping 500 orders adds only time.
  sandbox: { shipDelayMs: 3_600_000 },
  throttling: { plans: { internal: { limit: 1_000_000, windowSeconds: 60 } } },
};

interface Instance {
  agent: Agent;
  gateway: TestGateway;
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** How many sales orders the ERP itself holds for each of the orders' PO numbers: read from its OData service. */
async function erpCounts(erp: PlatformServer, orders: readonly OrderSubmission[]): Promise<Map<string, number>> {
  const wanted = new Set(orders.map((order) => order.orderNumber));
  return salesOrdersPerPo(erp.url, '0010100002', (po) => wanted.has(po));
}

async function readAll(agent: Agent, ids: readonly string[]): Promise<ProcessOrder[]> {
  const orders: ProcessOrder[] = [];
  await pool(ids, 16, async (id) => {
    const response = await agent.get(`/process/orders/v2/orders/${id}`);
    assert.equal(response.status, 200);
    orders.push(response.body as ProcessOrder);
  });
  return orders;
}

const MOVING = ['RECEIVED', 'VALIDATED', 'PRICED', 'ALLOCATED', 'POSTED', 'ACKNOWLEDGED'];

/**
 * Waits until no order is still on its way (each reached the WMS, was rejected, or is parked), asking the search API
 * rather than reading 500 orders per round, then reads them all once.
 */
async function settle(agent: Agent, ids: readonly string[], timeoutMs: number): Promise<ProcessOrder[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await agent.get('/process/orders/v2/orders').query({ status: MOVING, limit: 1 });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const moving = (response.body as { orders: ProcessOrder[] }).orders;
    if (moving.length === 0) break;
    assert.ok(Date.now() < deadline, `orders still moving, e.g. ${JSON.stringify(moving[0], null, 2)}`);
    await sleep(250);
  }
  const orders = await readAll(agent, ids);
  assert.deepEqual(orders.filter((order) => MOVING.includes(order.status)).map((order) => order.id), []);
  return orders;
}

async function replayAll(agent: Agent): Promise<number> {
  let total = 0;
  for (;;) {
    const response = await agent.post('/process/operations/v1/exceptions/replay').send({ limit: 500 });
    assert.equal(response.status, 202, JSON.stringify(response.body));
    const replayed = (response.body as { replayed: unknown[] }).replayed.length;
    total += replayed;
    if (replayed === 0) return total;
  }
}

/**
 * Submits ORDERS orders across the instances at a steady pace while the ERP goes down and comes back twice, then
 * checks: all accepted; each in the ERP exactly once or parked; after replaying the queue, all in the ERP exactly once.
 * The ERP runs with its duplicate PO check as a warning (as most systems do): a second order for a PO would be
 * created and counted, so only the gateway stands between a retry and a duplicate.
 */
async function runScenario(instances: Instance[], erp: PlatformServer, operator: Agent): Promise<{ parked: number; replayed: number }> {
  const orders = Array.from({ length: ORDERS }, (_, index) =>
    orderSubmission({ lines: [line('1', MATERIALS[index % MATERIALS.length]!, String(1 + (index % 3)))] }),
  );
  const ids: string[] = [];
  // Each outage outlasts a step's whole retry budget (5 attempts, at most 300 ms apart), so orders in flight park.
  const outages = [Math.floor(ORDERS * 0.2), Math.floor(ORDERS * 0.6)];
  const OUTAGE_MS = 2500;
  let submitted = 0;
  const reader = instances[0]!.agent;

  const outageDriver = (async () => {
    for (const downAt of outages) {
      while (submitted < downAt) await sleep(20);
      await erp.takeDown();
      await sleep(OUTAGE_MS);
      await erp.bringUp();
    }
  })();
  await pool(orders, 8, async (order, index) => {
    const instance = instances[index % instances.length]!;
    const response = await instance.agent.post('/process/orders/v2/orders').send(order);
    assert.equal(response.status, 202, `order ${index}: ${JSON.stringify(response.body)}`);
    ids[index] = (response.body as { id: string }).id;
    submitted += 1;
    // A steady flow rather than one burst, so the outages land mid-stream.
    await sleep(5);
  });
  await outageDriver;
  assert.equal(ids.filter(Boolean).length, ORDERS, 'every order was accepted with 202');

  const settled = await settle(reader, ids, 120_000);
  const counts = await erpCounts(erp, orders);
  const parked = settled.filter((order) => order.status === 'EXCEPTION');
  for (const order of settled) {
    const held = counts.get(order.orderNumber) ?? 0;
    if (order.status === 'EXCEPTION') assert.ok(held === 0 || held === 1, `${order.orderNumber} is parked and held ${held} times`);
    else assert.equal(held, 1, `${order.orderNumber} (${order.status}) is held ${held} times by the ERP`);
  }
  const open = (await operator.get('/process/operations/v1/exceptions').query({ status: 'OPEN', limit: 500 }).expect(200)).body.exceptions as Array<{ orderId: string }>;
  assert.deepEqual(new Set(open.map((exception) => exception.orderId)), new Set(parked.map((order) => order.id)), 'every parked order is in the exceptions queue, and nothing else is');

  const replayed = await replayAll(operator);
  assert.equal(replayed, parked.length);
  const final = await settle(reader, ids, 120_000);
  assert.deepEqual(final.filter((order) => order.status === 'EXCEPTION').map((order) => order.id), [], 'the replayed orders went through');
  const finalCounts = await erpCounts(erp, orders);
  assert.deepEqual(orders.map((order) => order.orderNumber).filter((po) => finalCounts.get(po) !== 1), [], 'each PO is in the ERP exactly once');
  return { parked: parked.length, replayed };
}

describe('reliability: 500 orders through two ERP outages (integration)', function () {
  this.timeout(600_000);

  it('one instance, in-process state: nothing lost, nothing duplicated', async () => {
    const erp = await startSandboxErp({ duplicatePurchaseOrders: 'warning' });
    const wms = await startSandboxWms({ shipDelayMs: 3_600_000 });
    const gateway = await startTestGateway({
      ...WORKFLOW,
      sandbox: { enabled: false },
      platforms: { ...WORKFLOW.platforms, erp: { ...WORKFLOW.platforms.erp, baseUrl: `${erp.url}/sap/opu/odata/sap` }, wms: { ...WORKFLOW.platforms.wms, baseUrl: wms.url } },
    });
    try {
      const outcome = await runScenario([{ gateway, agent: await gateway.as('internal-crm') }], erp, await gateway.as('architect'));
      assert.ok(outcome.parked > 0, 'the outages were long enough to park some orders (otherwise the replay path went untested)');
    } finally {
      await gateway.stop();
      await Promise.all([erp.close(), wms.close()]);
    }
  });

  describe('two instances sharing Redis', () => {
    let redis: TestRedis | undefined;
    before(async function () {
      redis = await testRedis();
      if (!redis) this.skip();
    });
    after(async () => {
      await redis?.cleanup();
    });

    it('two instances, Redis: nothing lost, nothing duplicated, the work shared', async () => {
      const erp = await startSandboxErp({ duplicatePurchaseOrders: 'warning' });
      const wms = await startSandboxWms({ shipDelayMs: 3_600_000 });
      const overrides = {
        ...WORKFLOW,
        sandbox: { enabled: false },
        // Two gateways and the load generator share two cores here: give Redis commands time to come back.
        state: { redisUrl: redis!.url, keyPrefix: redis!.keyPrefix, commandTimeoutMs: 3000 },
        platforms: { ...WORKFLOW.platforms, erp: { ...WORKFLOW.platforms.erp, baseUrl: `${erp.url}/sap/opu/odata/sap` }, wms: { ...WORKFLOW.platforms.wms, baseUrl: wms.url } },
      };
      const gateways = [await startTestGateway(overrides), await startTestGateway(overrides)];
      try {
        const instances = await Promise.all(gateways.map(async (gateway) => ({ gateway, agent: await gateway.as('internal-crm') })));
        const outcome = await runScenario(instances, erp, await gateways[1]!.as('architect'));
        assert.ok(outcome.parked > 0, 'the outages were long enough to park some orders');
        // Both instances worked the queue: each one's log shows steps it ran.
        for (const gateway of gateways) {
          assert.ok(gateway.logLines().some((entry) => String(entry.path ?? '').startsWith('/system/erp/v1/')), 'each instance called the ERP system API');
        }
      } finally {
        await Promise.all(gateways.map((gateway) => gateway.stop()));
        await Promise.all([erp.close(), wms.close()]);
      }
    });
  });
});
