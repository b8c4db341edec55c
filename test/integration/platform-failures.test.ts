/**
 * What callers see when a platform misbehaves: slow → 504, failing → 502/503, down → 503, always problem+json,
 * never a 500; nothing half-accepted, so a resubmission after recovery goes through. Faults are injected in the
 * real sandbox ERP over HTTP, and "down" is the sandbox server really closed.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { ErpSandboxControls } from '../support/sandbox-controls';

describe('platform failures (integration)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let erp: ErpSandboxControls;
  let globex: Awaited<ReturnType<TestGateway['as']>>;
  let crm: Awaited<ReturnType<TestGateway['as']>>;
  const order = (purchaseOrderNumber: string) => ({
    purchaseOrderNumber,
    customerNumber: '0010100001',
    lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'CS' }],
  });

  before(async () => {
    gateway = await startTestGateway({
      platforms: { erp: { timeoutMs: 500, retries: 1, retryBaseDelayMs: 10 } },
      tiers: { retries: 0 },
    });
    erp = new ErpSandboxControls(gateway.sandboxes.erp!);
    globex = await gateway.as('globex-dev');
    crm = await gateway.as('internal-crm');
  });
  afterEach(async () => {
    await erp.clearFaults().catch(() => undefined);
  });
  after(async () => {
    await gateway?.stop();
  });

  it('a slow ERP is a 504 at the system API and at the partner API', async () => {
    await erp.faults({ latencyMs: 1500 });
    const system = await crm.get('/system/erp/v1/customers/0010100001').expect(504).expect('content-type', /problem\+json/);
    assert.equal(system.body.code, 'ERR_PLATFORM_TIMEOUT');
    const partner = await globex.post('/partner/customers/v1/orders').send(order(`PO-SLOW-${Date.now()}`)).expect(504);
    assert.equal(partner.body.code, 'ERR_PLATFORM_TIMEOUT');
  });

  it('a failing ERP is retried, then a 502; nothing is kept, so the same order goes through once it recovers', async () => {
    const purchaseOrderNumber = `PO-FAIL-${Date.now()}`;
    await erp.faults({ failNext: 1000, failStatus: 500 });
    const failed = await globex.post('/partner/customers/v1/orders').send(order(purchaseOrderNumber)).expect(502);
    assert.equal(failed.body.code, 'ERR_PLATFORM_BAD_GATEWAY');
    assert.doesNotMatch(failed.text, /stack|node_modules/);

    await erp.clearFaults();
    const placed = await globex.post('/partner/customers/v1/orders').send(order(purchaseOrderNumber)).expect(201);
    assert.equal(placed.body.status, 'CONFIRMED');
  });

  it('an ERP answering 503 is a 503', async () => {
    await erp.faults({ failNext: 1000, failStatus: 503 });
    const response = await crm.get('/system/erp/v1/items/TG-10001').expect(503);
    assert.equal(response.body.code, 'ERR_PLATFORM_UNAVAILABLE');
  });

  it('a closed ERP is a 503 everywhere, and readiness says so', async () => {
    await gateway.sandboxes.erp?.close();
    const system = await crm.get('/system/erp/v1/customers/0010100001').expect(503);
    assert.equal(system.body.code, 'ERR_PLATFORM_UNAVAILABLE');
    const partner = await globex.post('/partner/customers/v1/orders').send(order(`PO-DOWN-${Date.now()}`)).expect(503);
    assert.equal(partner.body.code, 'ERR_PLATFORM_UNAVAILABLE');
    const ready = await request(gateway.url).get('/health/ready').expect(503);
    const body = JSON.parse(ready.text);
    assert.equal(body.status, 'fail');
    assert.equal(body.checks.erp[0].status, 'fail');
    assert.equal(body.checks.wms[0].status, 'pass');
  });
});
