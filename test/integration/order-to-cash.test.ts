/**
 * The asynchronous order-to-cash workflow through the real gateway and the real sandbox ERP and WMS over HTTP:
 * intake (202), validation, pricing, allocation, posting exactly once, acknowledgement, release, shipment,
 * goods issue and invoice, with the business events each step publishes; then what goes wrong: unknown items,
 * price mismatches, short stock, an ERP that is down or slow, a poison message, and replay from the exceptions queue.
 */
import assert from 'node:assert/strict';
import type { OrderEvent } from '../../apis/process/orders/workflow/order-events';
import { EVENTS_TOPIC } from '../../apis/process/orders/workflow/order-events';
import { STEPS_TOPIC } from '../../apis/process/orders/workflow/engine';
import type { ProcessOrder } from '../../apis/process/orders/v2/models';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { line, orderSubmission, reached, waitForOrder } from '../support/orders';
import { ErpSandboxControls } from '../support/sandbox-controls';

type Agent = Awaited<ReturnType<TestGateway['as']>>;

/** Fast timings: the workflow's waits and retries in tens of milliseconds, the sandbox ships and bills at once. */
const FAST = {
  sandbox: { shipDelayMs: 100, billingDelayMs: 100 },
  process: {
    workflow: { pollIntervalMs: 50, retryBaseDelayMs: 50, retryMaxDelayMs: 400, maxAttempts: 4, leaseMs: 5000, sweepIntervalMs: 200, sweepGraceMs: 6000 },
    circuitBreaker: { volumeThreshold: 3, resetTimeoutMs: 400, rollingWindowMs: 5000 },
  },
  platforms: { erp: { timeoutMs: 400, retries: 0 } },
  tiers: { retries: 0 },
};

describe('order-to-cash workflow (integration)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let crm: Agent;
  let architect: Agent;
  let erpControls: ErpSandboxControls;
  const events: OrderEvent[] = [];

  const submit = async (body: object): Promise<string> => {
    const response = await crm.post('/process/orders/v2/orders').send(body).expect(202);
    assert.equal(response.headers.location, `/process/orders/v2/orders/${response.body.id}`);
    assert.equal(response.body.status, 'RECEIVED');
    return response.body.id as string;
  };
  const eventsOf = (orderId: string) => events.filter((event) => event.orderId === orderId);

  before(async () => {
    gateway = await startTestGateway(FAST);
    crm = await gateway.as('internal-crm');
    architect = await gateway.as('architect');
    erpControls = new ErpSandboxControls(gateway.sandboxes.erp!);
    gateway.bus.subscribe<OrderEvent>(EVENTS_TOPIC, 'test-observer', async (message) => {
      events.push(message.payload);
    });
  });
  afterEach(async () => {
    await erpControls.clearFaults();
  });
  after(async () => {
    await gateway?.stop();
  });

  it('takes an order to INVOICED: posted once, acknowledged, released, shipped with SSCCs, goods issued, billed', async () => {
    const body = orderSubmission({ lines: [line('1', 'TG-10001', '2'), line('2', 'TG-10003', '5', 'EA')] });
    const id = await submit(body);
    const order = await waitForOrder(crm, id, reached('INVOICED'));

    assert.deepEqual(
      order.history.map((entry) => entry.status),
      ['RECEIVED', 'VALIDATED', 'PRICED', 'ALLOCATED', 'POSTED', 'ACKNOWLEDGED', 'RELEASED', ...(order.history.some((entry) => entry.status === 'PARTIALLY_SHIPPED') ? ['PARTIALLY_SHIPPED'] : []), 'SHIPPED', 'INVOICED'],
    );
    assert.deepEqual(
      order.steps.map((step) => [step.step, step.state]),
      ['validate', 'price', 'allocate', 'post', 'acknowledge', 'release', 'ship', 'invoice'].map((step) => [step, 'DONE']),
    );
    assert.equal(order.delayed, false);
    assert.ok(order.erp?.salesOrderNumber && order.erp.deliveryNumber && order.erp.invoiceNumbers?.length === 1, JSON.stringify(order.erp));
    assert.ok(order.wms?.releaseId && order.wms.shipmentIds.length >= 1, JSON.stringify(order.wms));
    assert.equal(order.acknowledgement?.type, 'ACCEPT');
    assert.deepEqual(order.lines.map((orderLine) => [orderLine.lineNumber, orderLine.status, orderLine.shippedQuantity]), [['1', 'ACCEPTED', '2'], ['2', 'ACCEPTED', '5']]);

    // The ERP holds exactly one sales order for the PO, and its invoice is the one the order names.
    const found = await crm.get('/system/erp/v1/sales-orders').query({ customerNumber: '0010100002', purchaseOrderNumber: body.orderNumber }).expect(200);
    assert.equal(found.body.length, 1);
    const invoices = await crm.get(`/system/erp/v1/sales-orders/${order.erp.salesOrderNumber}/invoices`).expect(200);
    assert.deepEqual(invoices.body.map((invoice: { invoiceNumber: string }) => invoice.invoiceNumber), order.erp.invoiceNumbers);

    // Events for the partner tier: the acknowledgement, each shipment with its SSCCs, the invoice with the partner's line numbers.
    const published = eventsOf(id);
    assert.deepEqual([...new Set(published.map((event) => event.type))], ['order.acknowledged', 'order.shipped', 'order.invoiced']);
    const shipped = published.filter((event) => event.type === 'order.shipped');
    assert.equal(shipped.length, order.wms.shipmentIds.length);
    for (const event of shipped) {
      if (event.type !== 'order.shipped') continue;
      assert.ok(event.shipment.handlingUnits.length > 0);
      for (const unit of event.shipment.handlingUnits) {
        assert.match(unit.sscc ?? '', /^\d{18}$/);
        for (const content of unit.contents) assert.ok(['1', '2'].includes(content.lineNumber));
      }
    }
    const invoiced = published.find((event) => event.type === 'order.invoiced');
    assert.ok(invoiced?.type === 'order.invoiced');
    assert.deepEqual(invoiced.invoice.lines.map((invoiceLine) => invoiceLine.lineNumber).sort(), ['1', '2']);
    assert.equal(invoiced.invoice.orderNumber, body.orderNumber);
    assert.ok(published.every((event) => event.correlationId === order.correlationId));

    // The same documents, read on demand from the platforms through the process API.
    const shipments = await crm.get(`/process/orders/v2/orders/${id}/shipments`).expect(200);
    assert.deepEqual(shipments.body, shipped.map((event) => (event.type === 'order.shipped' ? event.shipment : undefined)));
    const invoiceList = await crm.get(`/process/orders/v2/orders/${id}/invoices`).expect(200);
    assert.deepEqual(invoiceList.body, [invoiced.invoice]);
    await crm.get('/process/orders/v2/orders/ord_00000000000000000000000000000000/shipments').expect(404);
  });

  it('rejects unknown items line by line and acknowledges with changes; an order of nothing known is REJECTED', async () => {
    const partly = await submit(orderSubmission({ lines: [line('1', 'TG-10001', '1'), line('2', 'NO-SUCH-ITEM', '1', 'EA')] }));
    const order = await waitForOrder(crm, partly, (candidate) => candidate.acknowledgement !== undefined);
    assert.deepEqual(order.lines.map((orderLine) => orderLine.status), ['ACCEPTED', 'REJECTED']);
    assert.match(order.lines[1]!.reason ?? '', /not known to the ERP/);
    assert.equal(order.acknowledgement?.type, 'ACCEPT_WITH_CHANGES');

    const none = await submit(orderSubmission({ lines: [line('1', 'NO-SUCH-ITEM', '1', 'EA')] }));
    const rejected = await waitForOrder(crm, none, (candidate) => candidate.acknowledgement !== undefined);
    assert.equal(rejected.status, 'REJECTED');
    assert.equal(rejected.acknowledgement?.type, 'REJECT');
    assert.equal(rejected.erp, undefined, 'nothing reached the ERP');
    assert.ok(eventsOf(none).some((event) => event.type === 'order.acknowledged'));
  });

  it('flags a partner price outside the tolerance and still posts at the ERP’s price', async () => {
    const id = await submit(orderSubmission({ lines: [line('1', 'TG-10001', '1', 'CS', { unitPrice: { amount: '0.01', currency: 'USD' } })] }));
    const order = await waitForOrder(crm, id, (candidate) => candidate.acknowledgement !== undefined);
    assert.equal(order.lines[0]!.priceMismatch, true);
    assert.notEqual(order.lines[0]!.unitPrice?.amount, '0.01');
    assert.equal(order.acknowledgement?.type, 'ACCEPT_WITH_CHANGES');
    assert.ok(order.erp?.salesOrderNumber);
  });

  it('backorders what the warehouse cannot fill, with a reason, and posts the whole order', async () => {
    // TG-10007 is short everywhere (a case or two), TG-10010 out of stock everywhere.
    const id = await submit(orderSubmission({ lines: [line('1', 'TG-10001', '1'), line('2', 'TG-10007', '40'), line('3', 'TG-10010', '1')] }));
    const order = await waitForOrder(crm, id, (candidate) => candidate.acknowledgement !== undefined);
    assert.deepEqual(order.lines.map((orderLine) => orderLine.status), ['ACCEPTED', 'BACKORDERED', 'BACKORDERED']);
    assert.match(order.lines[1]!.reason ?? '', /of 400 EA available in \d{4}; the rest ships when stock arrives/);
    assert.equal(order.acknowledgement?.type, 'ACCEPT_WITH_CHANGES');
    assert.deepEqual(order.acknowledgement?.lines.map((ackLine) => ackLine.status), ['ACCEPTED', 'BACKORDERED', 'BACKORDERED']);
    assert.ok(order.erp?.salesOrderNumber, 'backordered lines are posted too');
    const erpOrder = await crm.get(`/system/erp/v1/sales-orders/${order.erp.salesOrderNumber}`).expect(200);
    assert.equal(erpOrder.body.lines.length, 3);
  });

  it('rejects short lines for a partner without backorders, and the whole order for one that ships complete', async () => {
    // globex: backorders off; acme: ship complete without backorders (see the overrides in the second gateway below).
    const strict = await startTestGateway({
      ...FAST,
      auth: {
        partners: [
          { id: 'globex', name: 'Globex', customerNumbers: ['0010100001'], fulfilment: { backorders: false } },
          { id: 'acme', name: 'Acme', customerNumbers: ['0010100003'], fulfilment: { backorders: false, shipComplete: true } },
          { id: 'shopco', name: 'Shopco', customerNumbers: ['0010100004'] },
          { id: 'initech', name: 'Initech', customerNumbers: ['0010100002'] },
        ],
      },
    });
    try {
      const agent = await strict.as('internal-crm');
      const lines = [line('1', 'TG-10001', '1'), line('2', 'TG-10007', '40')];
      const noBackorders = (await agent.post('/process/orders/v2/orders').send(orderSubmission({ lines }, 'globex')).expect(202)).body.id;
      const shipComplete = (await agent.post('/process/orders/v2/orders').send(orderSubmission({ lines }, 'acme')).expect(202)).body.id;
      const partial = await waitForOrder(agent, noBackorders, (order) => order.acknowledgement !== undefined);
      assert.deepEqual(partial.lines.map((orderLine) => orderLine.status), ['ACCEPTED', 'REJECTED']);
      assert.match(partial.lines[1]!.reason ?? '', /backorders are not accepted/);
      const whole = await waitForOrder(agent, shipComplete, (order) => order.acknowledgement !== undefined);
      assert.equal(whole.status, 'REJECTED');
      assert.match(whole.reason ?? '', /ships complete/);
    } finally {
      await strict.stop();
    }
  });

  it('retries while the ERP is down, with backoff, and posts exactly once when it is back', async () => {
    await erpControls.faults({ failNext: 2, failStatus: 503 });
    const body = orderSubmission();
    const id = await submit(body);
    const waiting = await waitForOrder(crm, id, (order) => order.steps.some((step) => step.failedAttempts > 0));
    assert.match(waiting.steps.at(-1)!.lastError ?? '', /ERR_PLATFORM_UNAVAILABLE|ERR_PLATFORM_BAD_GATEWAY/);
    const order = await waitForOrder(crm, id, (candidate) => candidate.erp !== undefined);
    assert.equal(order.erp?.alreadyPosted, false);
    const found = await crm.get('/system/erp/v1/sales-orders').query({ customerNumber: '0010100002', purchaseOrderNumber: body.orderNumber }).expect(200);
    assert.equal(found.body.length, 1);
  });

  it('opens the ERP circuit when the ERP is slow, fails fast meanwhile, and closes it once the ERP answers again', async () => {
    // A gateway of its own: the breaker's rolling window must hold only this test's calls, not the earlier orders'.
    const own = await startTestGateway(FAST);
    try {
      const [agent, operator] = [await own.as('internal-crm'), await own.as('architect')];
      const controls = new ErpSandboxControls(own.sandboxes.erp!);
      await controls.faults({ latencyMs: 1500 });
      const ids = await Promise.all(
        [1, 2, 3, 4].map(async () => (await agent.post('/process/orders/v2/orders').send(orderSubmission()).expect(202)).body.id as string),
      );
      const erpCircuit = async () =>
        ((await operator.get('/process/operations/v1/kpis').expect(200)).body.platforms as Array<{ platform: string; circuit: string; openings: number }>).find((p) => p.platform === 'ERP')!;
      for (let tries = 0; (await erpCircuit()).openings === 0; tries += 1) {
        assert.ok(tries < 100, 'the ERP circuit never opened');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const settled = await Promise.all(ids.map((id) => waitForOrder(agent, id, (order) => order.erp !== undefined || order.status === 'EXCEPTION')));
      const failures = settled.flatMap((order) => order.steps.map((step) => step.lastError ?? ''));
      assert.ok(failures.some((error) => /circuit is open/.test(error)), `some attempt failed fast on the open circuit: ${failures.join(' | ')}`);
      await controls.clearFaults();
      // Replay whatever ran out of retries while the circuit was open: the trial call succeeds, the circuit closes, everything posts.
      await operator.post('/process/operations/v1/exceptions/replay').send({}).expect(202);
      for (const id of ids) await waitForOrder(agent, id, (order) => order.erp !== undefined);
      for (let tries = 0; (await erpCircuit()).circuit !== 'CLOSED'; tries += 1) {
        assert.ok(tries < 100, 'the ERP circuit never closed');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await own.stop();
    }
  });

  it('parks an order in the exceptions queue after its retries, and a replay resumes it at the failed step', async () => {
    await erpControls.faults({ failNext: 1000, failStatus: 500 });
    const id = await submit(orderSubmission());
    const parked = await waitForOrder(crm, id, reached('EXCEPTION'));
    assert.ok(parked.exceptionId);
    const listed = await architect.get('/process/operations/v1/exceptions').query({ status: 'OPEN' }).expect(200);
    const exception = listed.body.exceptions.find((candidate: { orderId: string }) => candidate.orderId === id);
    assert.ok(exception, 'the order is in the queue');
    assert.equal(exception.id, parked.exceptionId);
    assert.equal(exception.step, 'validate');
    assert.equal(exception.attempts, 4);
    // A 500 from the ERP, or the circuit those failures opened.
    assert.match(exception.lastError, /^ERR_PLATFORM_(BAD_GATEWAY|UNAVAILABLE)/);

    // A partner's token cannot see or replay it.
    const partner = await gateway.as('globex-dev');
    await partner.get('/process/operations/v1/exceptions').expect(403);
    await partner.post(`/process/operations/v1/exceptions/${exception.id}/replay`).expect(403);
    const readOnly = await gateway.as('architect', 'operations.read');
    await readOnly.post(`/process/operations/v1/exceptions/${exception.id}/replay`).expect(403);

    await erpControls.clearFaults();
    const replayed = await architect.post(`/process/operations/v1/exceptions/${exception.id}/replay`).expect(202);
    assert.deepEqual(replayed.body, { exceptionId: exception.id, orderId: id, step: 'validate' });
    await architect.post(`/process/operations/v1/exceptions/${exception.id}/replay`).expect(409);
    const resumed = await waitForOrder(crm, id, (order) => order.erp !== undefined);
    assert.equal(resumed.exceptionId, undefined);
    assert.ok(resumed.history.some((entry) => /Replayed from the exceptions queue by architect/.test(entry.detail ?? '')));
    const after = await architect.get(`/process/operations/v1/exceptions/${exception.id}`).expect(200);
    assert.equal(after.body.status, 'REPLAYED');
    assert.equal(after.body.resolvedBy, 'architect');
  });

  it('dead-letters a poison step message without holding up the orders behind it', async () => {
    await gateway.bus.publish(STEPS_TOPIC, { bogus: 'not a step message' });
    const id = await submit(orderSubmission());
    await waitForOrder(crm, id, (order) => order.erp !== undefined);
    for (let tries = 0; ; tries += 1) {
      const dead = await gateway.bus.deadLetters(STEPS_TOPIC);
      if (dead.some((message) => (message.payload as { bogus?: string }).bogus === 'not a step message')) break;
      assert.ok(tries < 200, 'the poison message was never dead-lettered');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('searches orders by partner, order number and status, and pages with a cursor', async () => {
    const body = orderSubmission({}, 'shopco');
    const id = await submit(body);
    await waitForOrder(crm, id, (order) => order.erp !== undefined);
    const byNumber = await crm.get('/process/orders/v2/orders').query({ partnerId: 'shopco', orderNumber: body.orderNumber }).expect(200);
    assert.deepEqual(byNumber.body.orders.map((order: ProcessOrder) => order.id), [id]);
    const rejected = await crm.get('/process/orders/v2/orders').query({ status: 'REJECTED' }).expect(200);
    assert.ok(rejected.body.orders.length >= 1 && rejected.body.orders.every((order: ProcessOrder) => order.status === 'REJECTED'));
    const first = await crm.get('/process/orders/v2/orders').query({ limit: 2 }).expect(200);
    assert.equal(first.body.orders.length, 2);
    const second = await crm.get('/process/orders/v2/orders').query({ limit: 2, cursor: first.body.nextCursor }).expect(200);
    assert.ok(second.body.orders.every((order: ProcessOrder) => !first.body.orders.some((seen: ProcessOrder) => seen.id === order.id)));
    await crm.get('/process/orders/v2/orders').query({ cursor: 'not-a-cursor' }).expect(400);
    await crm.get('/process/orders/v2/orders').query({ status: 'LOST' }).expect(400);
  });

  it('reports transaction KPIs: latency, statuses, exceptions, partners, documents, feeds and circuits', async () => {
    const kpis = (await architect.get('/process/operations/v1/kpis').expect(200)).body;
    assert.ok(kpis.window.orders >= 5);
    assert.ok(kpis.latency.receivedToPosted.count >= 1 && kpis.latency.receivedToPosted.p95Seconds >= kpis.latency.receivedToPosted.p50Seconds);
    assert.ok(kpis.latency.receivedToShipped.count >= 1);
    const statuses = Object.fromEntries(kpis.ordersByStatus.map((entry: { status: string; count: number }) => [entry.status, entry.count]));
    assert.ok(statuses.INVOICED >= 1 && statuses.REJECTED >= 1, JSON.stringify(statuses));
    assert.equal(kpis.ordersByStatus.reduce((sum: number, entry: { count: number }) => sum + entry.count, 0), kpis.window.orders);
    const initech = kpis.partners.find((partner: { partnerId: string }) => partner.partnerId === 'initech');
    assert.ok(initech.failedValidation >= 2 && initech.validationFailureRate > 0 && initech.validationFailureRate < 1);
    assert.ok(kpis.documents.acknowledgements >= 5 && kpis.documents.shipmentNotices >= 1 && kpis.documents.invoices >= 1);
    assert.deepEqual(kpis.inventoryFeeds.map((feed: { warehouse: string }) => feed.warehouse).sort(), ['1010', '1020', '1030']);
    assert.deepEqual(kpis.platforms.map((platform: { platform: string }) => platform.platform), ['ERP', 'WMS']);
    await architect.get('/process/operations/v1/kpis').query({ hours: 0 }).expect(400);
    await crm.get('/process/operations/v1/kpis').expect(403);
  });
});
