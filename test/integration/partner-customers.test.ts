/**
 * The customer orders API v1 as a customer developer uses it, through the real gateway and sandboxes.
 */
import assert from 'node:assert/strict';
import { multiply } from '../../apis/canonical/decimal';
import { createDistributorSeed, netPrice } from '../../sandbox/seed/distributor';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { waitForPartnerOrder } from '../support/orders';

const seed = createDistributorSeed();

describe('customer orders API v1 (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let sequence = 0;
  const purchaseOrderNumber = () => `PO-CUST-${Date.now()}-${(sequence += 1)}`;
  let globex: Awaited<ReturnType<TestGateway['as']>>;
  const place = (body: object) => globex.post('/partner/customers/v1/orders').send(body);
  /** The 201 answers the order as taken in, before the process tier has looked at it; its Location follows it. */
  const accepted = (response: { body: { id: string; status: string; salesOrderNumber?: string }; headers: Record<string, string> }): string => {
    assert.match(response.body.id, /^ord_/);
    assert.equal(response.headers.location, `/partner/customers/v1/orders/${response.body.id}`);
    assert.equal(response.body.status, 'RECEIVED');
    assert.equal(response.body.salesOrderNumber, undefined);
    return response.headers.location;
  };

  before(async () => {
    gateway = await startTestGateway();
    globex = await gateway.as('globex-dev');
  });
  after(async () => {
    await gateway?.stop();
  });

  it('confirms an order with our prices per unit, and flags the lines whose expected price differs', async () => {
    const perCase = multiply(netPrice(seed, '0010100001', 'TG-10011') ?? '0', String(seed.items[10]?.caseSize));
    const response = await place({
      purchaseOrderNumber: purchaseOrderNumber(),
      customerNumber: '0010100001',
      shipTo: '0010200001',
      requestedDeliveryDate: '2026-12-15',
      lines: [
        { lineNumber: '1', sku: 'TG-10011', quantity: '2', unit: 'CS', expectedUnitPrice: perCase },
        { lineNumber: '2', sku: 'TG-10011', quantity: '1', unit: 'CS', expectedUnitPrice: '0.01' },
        { lineNumber: '3', sku: 'NOT-OURS', quantity: '1', unit: 'EA' },
      ],
    }).expect(201);
    const location = accepted(response);
    assert.deepEqual(response.body.lines.map((line: { lineNumber: string }) => line.lineNumber), ['1', '2', '3']);
    const order = await waitForPartnerOrder(globex, location);
    assert.equal(order.id, response.body.id);
    assert.equal(order.status, 'CONFIRMED');
    assert.match(order.salesOrderNumber, /^\d+$/);
    assert.equal(order.shipTo, '0010200001');
    assert.equal(order.currency, 'USD');
    assert.deepEqual(order.lines.map((line: { status: string }) => line.status), ['ACCEPTED', 'ACCEPTED', 'REJECTED']);
    assert.equal(order.lines[0].unitPrice, perCase);
    assert.equal(order.lines[0].priceDiffers, false);
    assert.equal(order.lines[1].priceDiffers, true);
    assert.match(order.lines[2].reason, /not known/);
    assert.equal(order.total, multiply(perCase, '3'));
    assert.equal(order.lines[0].description, seed.items[10]?.description);
  });

  it('answers 409 with the first order’s id when a purchase order number is reused', async () => {
    const body = { purchaseOrderNumber: purchaseOrderNumber(), customerNumber: '0010100001', lines: [{ lineNumber: '1', gtin: '10614141000019', quantity: '1', unit: 'CS' }] };
    const first = await place(body).expect(201);
    const again = await place(body).expect(409);
    assert.equal(again.body.orderId, first.body.id);
  });

  it('refuses repeated line numbers with a 400 naming the line (it was a 502 from the process tier)', async () => {
    const response = await place({
      purchaseOrderNumber: purchaseOrderNumber(),
      lines: [
        { lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' },
        { lineNumber: '1', sku: 'TG-10002', quantity: '1', unit: 'EA' },
      ],
    }).expect(400);
    assert.equal(response.body.errors[0].name, 'body.lines.1.lineNumber');
  });

  it('rejects a line that names no item, naming the line', async () => {
    const response = await place({ purchaseOrderNumber: purchaseOrderNumber(), customerNumber: '0010100001', lines: [{ lineNumber: '1', quantity: '1', unit: 'EA' }] }).expect(400);
    assert.equal(response.body.errors[0].name, 'body.lines.0');
  });

  it('orders on the partner’s own account when none is named', async () => {
    const response = await place({ purchaseOrderNumber: purchaseOrderNumber(), lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(201);
    assert.equal(response.body.customerNumber, '0010100001');
    const order = await waitForPartnerOrder(globex, accepted(response));
    assert.equal(order.customerNumber, '0010100001');
    assert.equal(order.status, 'CONFIRMED');
  });

  describe('partner isolation', () => {
    it('refuses an order on another partner’s account, or on an account that does not exist, alike', async () => {
      const foreign = await place({ purchaseOrderNumber: purchaseOrderNumber(), customerNumber: '0010100002', lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(403);
      const missing = await place({ purchaseOrderNumber: purchaseOrderNumber(), customerNumber: '0010199999', lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(403);
      assert.equal(foreign.body.code, 'ERR_FORBIDDEN');
      assert.equal(foreign.body.detail.replace('0010100002', 'X'), missing.body.detail.replace('0010199999', 'X'));
    });

    it('shows another partner’s order as 404, exactly like a missing one', async () => {
      const placed = await place({ purchaseOrderNumber: purchaseOrderNumber(), lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(201);
      const initech = await gateway.as('initech-dev');
      const theirs = await initech.get(`/partner/customers/v1/orders/${placed.body.id}`).expect(404);
      const missing = await initech.get('/partner/customers/v1/orders/ord_ffffffffffffffffffffffffffffffff').expect(404);
      assert.equal(theirs.body.title, missing.body.title);
      assert.equal(theirs.body.detail.replace(placed.body.id, 'X'), missing.body.detail.replace('ord_ffffffffffffffffffffffffffffffff', 'X'));
      await globex.get(`/partner/customers/v1/orders/${placed.body.id}`).expect(200);
    });

    it('keeps the same purchase order number apart between partners', async () => {
      const shared = purchaseOrderNumber();
      await place({ purchaseOrderNumber: shared, lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(201);
      const initech = await gateway.as('initech-dev');
      const theirs = await initech.post('/partner/customers/v1/orders').send({ purchaseOrderNumber: shared, lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] }).expect(201);
      assert.equal(theirs.body.customerNumber, '0010100002');
    });

    it('refuses a partner token at the process and system tiers', async () => {
      const process = await globex.get('/process/orders/v1/orders/ord_0123456789abcdef0123456789abcdef').expect(403);
      assert.match(process.headers['www-authenticate'] ?? '', /error="insufficient_scope", scope="process.orders.read"/);
      await globex.get('/system/erp/v1/customers/0010100001').expect(403);
      await globex.get('/system/wms/v1/inventory/TG-10001').expect(403);
    });
  });

  it('answers 404 for an unknown id and for orders that came through another channel', async () => {
    await globex.get('/partner/customers/v1/orders/ord_0123456789abcdef0123456789abcdef').expect(404);
    const internal = await (await gateway.as('internal-crm'))
      .post('/process/orders/v1/orders')
      .send({
        source: { channel: 'INTERNAL', partnerId: 'internal-crm' },
        orderNumber: purchaseOrderNumber(),
        orderDate: '2026-11-28',
        currency: 'USD',
        parties: [{ role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '0010100001' }] }],
        lines: [{ lineNumber: '1', item: { ids: [{ scheme: 'SKU', value: 'TG-10001' }] }, quantity: { value: '1', uom: 'EA' } }],
      })
      .expect(201);
    const hidden = await globex.get(`/partner/customers/v1/orders/${internal.body.id}`).expect(404);
    assert.equal(hidden.body.code, 'ERR_NOT_FOUND');
  });
});
