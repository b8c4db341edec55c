/**
 * Throttling, contract lifecycle and idempotency through a whole gateway (the policies' own suites test them in
 * depth against memory and Redis): what a client sees on real routes.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog, type CatalogEntry } from '../../openapi/catalog';
import { startTestGateway, type TestGateway } from '../support/gateway';

const V1 = '/partner/customers/v1';
const V2 = '/partner/customers/v2';
let sequence = 0;
const reference = () => `PO-TRAFFIC-${Date.now()}-${(sequence += 1)}`;
const v2Order = (customerReference: string) => ({ customerReference, items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'EA' } }] });

function withCustomersV1(changes: Partial<CatalogEntry>): CatalogEntry[] {
  return loadCatalog().map((entry) => (entry.id === 'partner/customers/v1' ? { ...entry, ...changes } : entry));
}

describe('traffic policies through the gateway (integration)', function () {
  this.timeout(30_000);

  describe('throttling by plan', () => {
    let gateway: TestGateway;
    const throttlingConfig = {
      throttling: {
        plans: {
          bronze: { limit: 5, windowSeconds: 60, operations: { 'POST /partner/customers/v2/orders': { limit: 2, windowSeconds: 60 } } },
          gold: { limit: 1000, windowSeconds: 60 },
          // The gateway's own tiers (and internal-crm) get 3 requests a minute: one order costs more hops than that.
          internal: { limit: 3, windowSeconds: 60 },
        },
      },
    };
    before(async () => {
      gateway = await startTestGateway(throttlingConfig);
    });
    after(async () => {
      await gateway?.stop();
    });

    it('lets a bronze client make its plan’s requests, then answers 429 problem+json with Retry-After and RateLimit headers', async () => {
      const initech = await gateway.as('initech-dev');
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 7; i += 1) {
        last = await initech.get(`${V2}/orders`).query({ customerReference: 'NONE' });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
      assert.match(last!.headers['content-type'] ?? '', /problem\+json/);
      assert.equal(last!.body.code, 'ERR_RATE_LIMITED');
      assert.ok(Number(last!.headers['retry-after']) > 0);
      assert.match(last!.headers['ratelimit-policy'] ?? '', /"bronze\.window"; q=5; w=60/);
      assert.match(last!.headers.ratelimit ?? '', /r=0/);
      // The audit log records a throttled call as denied, and why.
      await gateway.stop({ keepDataDir: true });
      const records = readFileSync(path.join(gateway.dataDir, 'audit', 'audit.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      const throttled = records.filter((record) => record.status === 429);
      assert.equal(throttled.length, 2);
      for (const record of throttled) {
        assert.equal(record.decision, 'denied');
        assert.match(JSON.stringify(record.reason), /ERR_RATE_LIMITED/);
      }
      rmSync(gateway.dataDir, { recursive: true, force: true });
      gateway = await startTestGateway(throttlingConfig);
    });

    it('applies the tighter limit of an operation without using up the plan for others', async () => {
      const globex = await gateway.as('globex-dev');
      await globex.post(`${V2}/orders`).send(v2Order(reference())).expect(201);
      await globex.post(`${V2}/orders`).send(v2Order(reference())).expect(201);
      const third = await globex.post(`${V2}/orders`).send(v2Order(reference())).expect(429);
      assert.match(JSON.stringify(third.body), /bronze\.operation/);
      await globex.get(`${V2}/orders`).query({ customerReference: 'NONE' }).expect(200);
    });

    it('counts a partner’s request once, not again at each tier it crosses', async () => {
      // Each order above crossed into the process and system tiers several times as gateway-tiers (plan: 3 a
      // minute) on globex's behalf; had those hops been throttled, the orders would have failed. The same client
      // calling on its own behalf is throttled.
      const crm = await gateway.as('internal-crm');
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await crm.get('/system/erp/v1/customers/0010100001')).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    });
  });

  describe('contract lifecycle', () => {
    it('marks every answer of a deprecated version with Deprecation, Sunset and Link, and counts who calls it', async () => {
      const gateway = await startTestGateway();
      try {
        const globex = await gateway.as('globex-dev');
        const v1 = await globex.get(`${V1}/orders/ord_ffffffffffffffffffffffffffffffff`).expect(404);
        const entry = loadCatalog().find((candidate) => candidate.id === 'partner/customers/v1')!;
        assert.equal(v1.headers.deprecation, `@${Date.parse(`${entry.deprecatedOn}T00:00:00Z`) / 1000}`);
        assert.equal(v1.headers.sunset, new Date(`${entry.sunsetOn}T00:00:00Z`).toUTCString());
        assert.match(v1.headers.link ?? '', /<\/partner\/customers\/v2>; rel="successor-version"/);
        assert.match(v1.headers.link ?? '', /<\/portal\/partner\/customers\/v1\/#deprecation>; rel="deprecation"/);
        const v2 = await globex.get(`${V2}/orders`).query({ customerReference: 'NONE' }).expect(200);
        assert.equal(v2.headers.deprecation, undefined);

        await (await gateway.as('initech-dev')).get(`${V1}/orders/ord_ffffffffffffffffffffffffffffffff`).expect(404);
        await globex.get(`${V1}/orders/ord_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee`).expect(404);
        const architect = await gateway.as('architect');
        const report = await architect.get('/process/operations/v1/usage/deprecated').expect(200);
        const v1Usage = report.body.versions.find((version: { id: string }) => version.id === 'partner/customers/v1');
        assert.equal(v1Usage.successor, '/partner/customers/v2');
        const byClient = Object.fromEntries(v1Usage.clients.map((client: { clientId: string; calls: number }) => [client.clientId, client]));
        assert.equal(byClient['globex-dev'].calls, 2);
        assert.equal(byClient['globex-dev'].partnerId, 'globex');
        assert.equal(byClient['initech-dev'].calls, 1);
        assert.ok(Date.parse(byClient['globex-dev'].lastSeen) > Date.now() - 60_000);
        await globex.get('/process/operations/v1/usage/deprecated').expect(403);
      } finally {
        await gateway.stop();
      }
    });

    it('answers 410 during a brownout, and normally outside it', async () => {
      const now = Date.now();
      const gateway = await startTestGateway({}, {
        catalog: withCustomersV1({ brownouts: [{ start: new Date(now - 60_000).toISOString().replace(/\.\d+Z$/, 'Z'), end: new Date(now + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z') }] }),
      });
      try {
        const globex = await gateway.as('globex-dev');
        const gone = await globex.get(`${V1}/orders/ord_ffffffffffffffffffffffffffffffff`).expect(410);
        assert.equal(gone.body.code, 'ERR_GONE');
        assert.ok(gone.body.brownoutEnds);
        assert.match(gone.body.detail, /\/partner\/customers\/v2/);
        await globex.get(`${V2}/orders`).query({ customerReference: 'NONE' }).expect(200);
      } finally {
        await gateway.stop();
      }
    });

    it('answers 410 naming the successor after the sunset, and 404 listing the versions for one that never existed', async () => {
      const gateway = await startTestGateway({}, { catalog: withCustomersV1({ releasedOn: '2025-06-01', deprecatedOn: '2026-01-01', sunsetOn: '2026-06-30' }) });
      try {
        const globex = await gateway.as('globex-dev');
        const gone = await globex.post(`${V1}/orders`).send({ purchaseOrderNumber: reference(), lines: [] }).expect(410);
        assert.equal(gone.body.successor.basePath, '/partner/customers/v2');
        assert.ok(gone.headers.sunset);
        const unknown = await globex.get('/partner/customers/v7/orders').expect(404);
        assert.deepEqual(unknown.body.versions.map((version: { version: number }) => version.version), [1, 2]);
      } finally {
        await gateway.stop();
      }
    });
  });

  describe('idempotency', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway();
    });
    after(async () => {
      await gateway?.stop();
    });

    it('replays the first answer for the same key and body, creating nothing twice', async () => {
      const globex = await gateway.as('globex-dev');
      const body = v2Order(reference());
      const first = await globex.post(`${V2}/orders`).set('Idempotency-Key', `k-${body.customerReference}`).send(body).expect(201);
      const again = await globex.post(`${V2}/orders`).set('Idempotency-Key', `k-${body.customerReference}`).send(body).expect(201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.body, first.body);
      assert.equal(again.headers.location, first.headers.location);
      const found = await globex.get(`${V2}/orders`).query({ customerReference: body.customerReference }).expect(200);
      assert.equal(found.body.orders.length, 1);
    });

    it('refuses the same key with another body (422), and keeps keys apart between clients', async () => {
      const globex = await gateway.as('globex-dev');
      const key = `k-${reference()}`;
      await globex.post(`${V2}/orders`).set('Idempotency-Key', key).send(v2Order(reference())).expect(201);
      const mismatch = await globex.post(`${V2}/orders`).set('Idempotency-Key', key).send(v2Order(reference())).expect(422);
      assert.equal(mismatch.body.code, 'ERR_IDEMPOTENCY_MISMATCH');
      const initech = await gateway.as('initech-dev');
      const theirs = await initech.post(`${V2}/orders`).set('Idempotency-Key', key).send(v2Order(reference())).expect(201);
      assert.equal(theirs.headers['idempotent-replayed'], undefined);
    });

    it('answers 409 while the first request with the key is still running', async () => {
      const crm = await gateway.as('internal-crm');
      const key = `k-${reference()}`;
      const submission = {
        source: { channel: 'INTERNAL', partnerId: 'internal-crm' },
        orderNumber: reference(),
        orderDate: '2026-11-28',
        currency: 'USD',
        parties: [{ role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '0010100005' }] }],
        lines: Array.from({ length: 40 }, (_, index) => ({ lineNumber: String(index + 1), item: { ids: [{ scheme: 'ERP_MATERIAL', value: `TG-${10001 + index}` }] }, quantity: { value: '1', uom: 'EA' } })),
      };
      const [a, b] = await Promise.all([
        crm.post('/process/orders/v1/orders').set('Idempotency-Key', key).send(submission),
        new Promise((resolve) => setTimeout(resolve, 30)).then(() => crm.post('/process/orders/v1/orders').set('Idempotency-Key', key).send(submission)),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [201, 409]);
      const conflict = a.status === 409 ? a : b;
      assert.equal(conflict.body.code, 'ERR_IDEMPOTENCY_IN_FLIGHT');
    });
  });
});
