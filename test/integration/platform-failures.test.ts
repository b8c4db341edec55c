/**
 * What callers see when a platform misbehaves. The system APIs answer at once: slow → 504, failing → 502/503,
 * down → 503, always problem+json, never a 500. Orders are taken in regardless (201 at the partner API): the
 * process tier's workflow shows each failure on the step it hit, retries with backoff, and posts the order exactly
 * once when the platform is back. Faults are injected in the real sandbox ERP over HTTP, and "down" is the sandbox
 * server really refusing connections.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { ProcessOrder } from '../../apis/process/orders/v2/models';
import type { PlatformServer } from '../../sandbox/types';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { waitForOrder, waitForPartnerOrder } from '../support/orders';
import { ErpSandboxControls } from '../support/sandbox-controls';

type Agent = Awaited<ReturnType<TestGateway['as']>>;

describe('platform failures (integration)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let erp: ErpSandboxControls;
  let globex: Agent;
  let crm: Agent;
  const order = (purchaseOrderNumber: string) => ({
    purchaseOrderNumber,
    customerNumber: '0010100001',
    lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'CS' }],
  });

  /** Places a v1 order: taken in at once whatever the ERP is doing. Answers the order's id and Location. */
  const placeV1 = async (purchaseOrderNumber: string): Promise<{ id: string; location: string }> => {
    const placed = await globex.post('/partner/customers/v1/orders').send(order(purchaseOrderNumber)).expect(201);
    assert.equal(placed.body.status, 'RECEIVED');
    assert.equal(placed.headers.location, `/partner/customers/v1/orders/${placed.body.id}`);
    return { id: placed.body.id, location: placed.headers.location as string };
  };

  /** Waits for the workflow to fail on a step, and answers that step as the order's record shows it. */
  const failingStep = async (orderId: string): Promise<ProcessOrder['steps'][number]> => {
    const failing = await waitForOrder(crm, orderId, (candidate) => candidate.steps.some((step) => step.failedAttempts > 0));
    assert.equal(failing.erp, undefined, 'nothing reached the ERP');
    const partner = await globex.get(`/partner/customers/v1/orders/${orderId}`).expect(200);
    assert.ok(['RECEIVED', 'PROCESSING'].includes(partner.body.status), `the partner sees the order in hand, not an error: ${partner.body.status}`);
    return failing.steps.find((step) => step.failedAttempts > 0)!;
  };

  /** Once the ERP is back: the order is posted, exactly once, and the partner sees it confirmed with that sales order. */
  const postedOnce = async (placed: { id: string; location: string }, purchaseOrderNumber: string): Promise<ProcessOrder> => {
    const posted = await waitForOrder(crm, placed.id, (candidate) => candidate.erp !== undefined);
    assert.equal(posted.erp?.alreadyPosted, false);
    const failedBefore = posted.steps.find((step) => step.failedAttempts > 0);
    assert.equal(failedBefore?.state, 'DONE', 'the step that failed went through in the end');
    const held = await crm.get('/system/erp/v1/sales-orders').query({ customerNumber: '0010100001', purchaseOrderNumber }).expect(200);
    assert.deepEqual(
      held.body.map((salesOrder: { salesOrderNumber: string }) => salesOrder.salesOrderNumber),
      [posted.erp!.salesOrderNumber],
      'the ERP holds exactly one sales order for the PO',
    );
    const confirmed = await waitForPartnerOrder(globex, placed.location);
    assert.equal(confirmed.status, 'CONFIRMED');
    assert.equal(confirmed.salesOrderNumber, posted.erp!.salesOrderNumber);
    return posted;
  };

  before(async () => {
    gateway = await startTestGateway({
      platforms: { erp: { timeoutMs: 500, retries: 1, retryBaseDelayMs: 10 } },
      tiers: { retries: 0 },
      // Quick retries, and enough of them to outlast each outage below; a short-lived open circuit.
      process: {
        workflow: { retryBaseDelayMs: 50, retryMaxDelayMs: 400, maxAttempts: 20, pollIntervalMs: 50 },
        circuitBreaker: { resetTimeoutMs: 400 },
      },
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

  it('a slow ERP is a 504 at the system API; an order placed meanwhile is taken in, shows the timeout on its step, and is posted once the ERP is quick again', async () => {
    await erp.faults({ latencyMs: 1500 });
    const system = await crm.get('/system/erp/v1/customers/0010100001').expect(504).expect('content-type', /problem\+json/);
    assert.equal(system.body.code, 'ERR_PLATFORM_TIMEOUT');

    const purchaseOrderNumber = `PO-SLOW-${Date.now()}`;
    const placed = await placeV1(purchaseOrderNumber);
    const step = await failingStep(placed.id);
    assert.equal(step.step, 'validate');
    assert.equal(step.state, 'WAITING', 'waiting for its next attempt');
    assert.match(step.lastError ?? '', /^ERR_PLATFORM_TIMEOUT/);

    await erp.clearFaults();
    await postedOnce(placed, purchaseOrderNumber);
  });

  it('a failing ERP is retried, then a 502 at the system API; an order is kept and retried meanwhile, and posted exactly once when the ERP recovers', async () => {
    await erp.faults({ failNext: 1000, failStatus: 500 });
    const correlationId = `fail-${Date.now()}`;
    const system = await crm.get('/system/erp/v1/customers/0010100001').set('X-Correlation-Id', correlationId).expect(502).expect('content-type', /problem\+json/);
    assert.equal(system.body.code, 'ERR_PLATFORM_BAD_GATEWAY');
    assert.doesNotMatch(system.text, /stack|node_modules/);
    const attempts = (await erp.requests('/A_Customer(')).filter((entry) => entry.correlationId === correlationId);
    assert.deepEqual(attempts.map((entry) => entry.status), [500, 500], 'the system API tried twice (platforms.erp.retries: 1)');

    const purchaseOrderNumber = `PO-FAIL-${Date.now()}`;
    const placed = await placeV1(purchaseOrderNumber);
    const step = await failingStep(placed.id);
    assert.equal(step.step, 'validate');
    assert.match(step.lastError ?? '', /^ERR_PLATFORM_BAD_GATEWAY/);
    // The order is kept: sending it again is a conflict naming it, not a second order.
    const again = await globex.post('/partner/customers/v1/orders').send(order(purchaseOrderNumber)).expect(409);
    assert.equal(again.body.orderId, placed.id);
    const retried = await waitForOrder(crm, placed.id, (candidate) => candidate.steps.some((candidateStep) => candidateStep.failedAttempts >= 2));
    assert.equal(retried.status, 'RECEIVED');

    await erp.clearFaults();
    await postedOnce(placed, purchaseOrderNumber);
  });

  it('an ERP answering 503 is a 503', async () => {
    await erp.faults({ failNext: 1000, failStatus: 503 });
    const response = await crm.get('/system/erp/v1/items/TG-10001').expect(503);
    assert.equal(response.body.code, 'ERR_PLATFORM_UNAVAILABLE');
  });

  it('a closed ERP is a 503 at the system API and in readiness; an order is still taken in, and posted once when the ERP is back', async () => {
    const platform = gateway.sandboxes.erp as PlatformServer;
    await platform.takeDown();
    try {
      const system = await crm.get('/system/erp/v1/customers/0010100001').expect(503);
      assert.equal(system.body.code, 'ERR_PLATFORM_UNAVAILABLE');
      const ready = await request(gateway.url).get('/health/ready').expect(503);
      const body = JSON.parse(ready.text);
      assert.equal(body.status, 'fail');
      assert.equal(body.checks.erp[0].status, 'fail');
      assert.equal(body.checks.wms[0].status, 'pass');

      const reference = `PO-DOWN-${Date.now()}`;
      const placed = await globex
        .post('/partner/customers/v2/orders')
        .send({ customerReference: reference, customerNumber: '0010100001', items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'CS' } }] })
        .expect(201);
      assert.equal(placed.body.status, 'RECEIVED');
      const step = await failingStep(placed.body.id);
      assert.equal(step.step, 'validate');
      // The ERP refusing connections, or the circuit those failures opened.
      assert.match(step.lastError ?? '', /^ERR_PLATFORM_UNAVAILABLE/);

      await platform.bringUp();
      await postedOnce({ id: placed.body.id, location: placed.headers.location as string }, reference);
      const recovered = await request(gateway.url).get('/health/ready').expect(200);
      assert.equal(JSON.parse(recovered.text).checks.erp[0].status, 'pass');
    } finally {
      await platform.bringUp().catch(() => undefined);
    }
  });
});
