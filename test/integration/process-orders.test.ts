/**
 * The orders process API's business rules, through the real gateway and the sandbox ERP: validation against the
 * ERP, item resolution by any identifier, unit conversion, pricing and price tolerance, and exactly-once posting.
 */
import assert from 'node:assert/strict';
import { createDistributorSeed, netPrice } from '../../sandbox/seed/distributor';
import { multiply } from '../../apis/canonical/decimal';
import type { OrderSubmission } from '../../apis/process/orders/v1/models';
import { startTestGateway, type TestGateway } from '../support/gateway';

const seed = createDistributorSeed();
let sequence = 0;

function submission(overrides: Partial<OrderSubmission> = {}): OrderSubmission {
  sequence += 1;
  return {
    source: { channel: 'INTERNAL', partnerId: 'internal-crm' },
    orderNumber: `PO-PROC-${Date.now()}-${sequence}`,
    orderDate: '2026-11-28',
    currency: 'USD',
    parties: [
      { role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '0010100002' }] },
      { role: 'SHIP_TO', ids: [{ scheme: 'ERP_SHIP_TO', value: '0010200012' }] },
    ],
    lines: [{ lineNumber: '1', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10003' }] }, quantity: { value: '3', uom: 'CS' } }],
    ...overrides,
  };
}

describe('orders process API v1 (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let crm: Awaited<ReturnType<TestGateway['as']>>;
  const submit = (body: unknown) => crm.post('/process/orders/v1/orders').send(body as object);

  before(async () => {
    gateway = await startTestGateway({ process: { priceTolerancePercent: 1 } });
    crm = await gateway.as('internal-crm');
  });
  after(async () => {
    await gateway?.stop();
  });

  it('prices each line from the customer’s price list, per ordered unit, and posts it', async () => {
    const response = await submit(submission()).expect(201);
    assert.equal(response.body.status, 'POSTED');
    const [line] = response.body.lines;
    const perEach = netPrice(seed, '0010100002', 'TG-10003');
    assert.ok(perEach);
    assert.equal(line.quantity.packSize, '10');
    assert.equal(line.unitPrice.amount, multiply(perEach, '10'));
    assert.equal(response.body.total, multiply(multiply(perEach, '10'), '3'));
    assert.equal(response.body.erp.alreadyPosted, false);
    assert.equal(response.body.erp.netAmount.amount, response.body.total);
    assert.match(response.body.id, /^ord_[0-9a-f]{32}$/, 'ids are opaque and unguessable');
  });

  it('resolves items by each GTIN, case GTIN, UPC and SKU, and keeps the partner’s line numbers', async () => {
    const order = submission({
      lines: [
        { lineNumber: 'A-1', item: { ids: [{ scheme: 'GTIN', value: '0614141000029' }] }, quantity: { value: '4', uom: 'EA' } },
        { lineNumber: 'A-2', item: { ids: [{ scheme: 'GTIN', value: '10614141000019' }] }, quantity: { value: '1', uom: 'CS' } },
        { lineNumber: 'A-3', item: { ids: [{ scheme: 'UPC', value: '614141000036' }] }, quantity: { value: '6', uom: 'EA' } },
        { lineNumber: 'A-4', item: { ids: [{ scheme: 'SKU', value: 'TG-10004' }] }, quantity: { value: '1', uom: 'EA' } },
      ],
    });
    const response = await submit(order).expect(201);
    assert.equal(response.body.status, 'POSTED', JSON.stringify(response.body));
    const materials = response.body.lines.map((line: { item: { ids: Array<{ scheme: string; value: string }> } }) => line.item.ids.find((id) => id.scheme === 'ERP_MATERIAL')?.value);
    assert.deepEqual(materials, ['TG-10002', 'TG-10001', 'TG-10003', 'TG-10004']);
    const erp = await crm.get(`/system/erp/v1/sales-orders/${response.body.erp.salesOrderNumber}`).expect(200);
    assert.deepEqual(erp.body.lines.map((line: { lineNumber: string }) => line.lineNumber), ['A-1', 'A-2', 'A-3', 'A-4']);
  });

  it('rejects lines it cannot fulfil with a reason, and posts the rest', async () => {
    const order = submission({
      lines: [
        { lineNumber: '1', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10005' }] }, quantity: { value: '1', uom: 'CS' } },
        { lineNumber: '2', item: { ids: [{ scheme: 'SKU', value: 'NO-SUCH-ITEM' }] }, quantity: { value: '1', uom: 'EA' } },
        { lineNumber: '3', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10006' }] }, quantity: { value: '1', uom: 'PL' } },
        { lineNumber: '4', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10007' }] }, quantity: { value: '0', uom: 'EA' } },
        { lineNumber: '5', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10008' }] }, quantity: { value: '1.5', uom: 'CS' } },
        { lineNumber: '6', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10001' }] }, quantity: { value: '1', uom: 'CS', packSize: '12' } },
      ],
    });
    const response = await submit(order).expect(201);
    assert.equal(response.body.status, 'POSTED');
    const byLine = Object.fromEntries(response.body.lines.map((line: { lineNumber: string }) => [line.lineNumber, line]));
    assert.equal(byLine['1'].status, 'ACCEPTED');
    assert.match(byLine['2'].reason, /not known to the ERP/);
    assert.match(byLine['3'].reason, /cannot be ordered in PL/);
    assert.match(byLine['4'].reason, /must be positive/);
    assert.match(byLine['5'].reason, /not a whole number/);
    assert.match(byLine['6'].reason, /Pack size 12 differs from the ERP's 10/);
    const erp = await crm.get(`/system/erp/v1/sales-orders/${response.body.erp.salesOrderNumber}`).expect(200);
    assert.equal(erp.body.lines.length, 1, 'only the accepted line reaches the ERP');
  });

  it('rejects the whole order for an unknown customer, a foreign ship-to or no fulfillable line, posting nothing', async () => {
    const unknownCustomer = submission({ parties: [{ role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '0010199999' }] }] });
    const rejected = await submit(unknownCustomer).expect(201);
    assert.equal(rejected.body.status, 'REJECTED');
    assert.match(rejected.body.reason, /Customer 0010199999 is not known/);
    assert.equal(rejected.body.erp, undefined);

    const foreignShipTo = submission({
      parties: [
        { role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '0010100002' }] },
        { role: 'SHIP_TO', ids: [{ scheme: 'ERP_SHIP_TO', value: '0010200001' }] },
      ],
    });
    assert.match((await submit(foreignShipTo).expect(201)).body.reason, /Ship-to 0010200001 does not belong/);

    const nothingFulfillable = submission({ lines: [{ lineNumber: '1', item: { ids: [{ scheme: 'SKU', value: 'NOPE' }] }, quantity: { value: '1', uom: 'EA' } }] });
    const none = await submit(nothingFulfillable).expect(201);
    assert.equal(none.body.status, 'REJECTED');
    const inErp = await crm.get('/system/erp/v1/sales-orders').query({ customerNumber: '0010100002', purchaseOrderNumber: nothingFulfillable.orderNumber }).expect(200);
    assert.deepEqual(inErp.body, []);
  });

  it('flags partner prices outside the tolerance, and only those', async () => {
    const perCase = multiply(netPrice(seed, '0010100002', 'TG-10003') ?? '0', '10');
    const order = submission({
      lines: [
        { lineNumber: '1', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10003' }] }, quantity: { value: '1', uom: 'CS' }, unitPrice: { amount: perCase, currency: 'USD' } },
        { lineNumber: '2', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10003' }] }, quantity: { value: '1', uom: 'CS' }, unitPrice: { amount: multiply(perCase, '1.005'), currency: 'USD' } },
        { lineNumber: '3', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10003' }] }, quantity: { value: '1', uom: 'CS' }, unitPrice: { amount: multiply(perCase, '0.9'), currency: 'USD' } },
      ],
    });
    const response = await submit(order).expect(201);
    assert.deepEqual(response.body.lines.map((line: { priceMismatch: boolean }) => line.priceMismatch), [false, false, true]);
  });

  it('refuses a second submission of the same partner order number with 409 naming the first', async () => {
    const order = submission();
    const first = await submit(order).expect(201);
    const second = await submit(order).expect(409);
    assert.equal(second.body.code, 'ERR_CONFLICT');
    assert.equal(second.body.orderId, first.body.id);
  });

  it('posts exactly once: an order the ERP already holds for the customer PO is found, not duplicated', async () => {
    const order = submission();
    // The ERP already has this PO (an earlier attempt posted it, then the answer was lost).
    await (await gateway.as('gateway-tiers'))
      .post('/system/erp/v1/sales-orders')
      .send({ customerNumber: '0010100002', purchaseOrderNumber: order.orderNumber, lines: [{ lineNumber: '1', material: 'TG-10003', quantity: { value: '3', uom: 'CS' } }] })
      .expect(201);
    const response = await submit(order).expect(201);
    assert.equal(response.body.status, 'POSTED');
    assert.equal(response.body.erp.alreadyPosted, true);
    const inErp = await crm.get('/system/erp/v1/sales-orders').query({ customerNumber: '0010100002', purchaseOrderNumber: order.orderNumber }).expect(200);
    assert.equal(inErp.body.length, 1);
  });

  it('answers malformed orders with 400 problems naming the field', async () => {
    const noBuyer = await submit(submission({ parties: [] })).expect(400);
    assert.equal(noBuyer.body.errors[0].name, 'body.parties');
    const duplicateLines = submission();
    duplicateLines.lines.push({ ...duplicateLines.lines[0]! });
    const duplicate = await submit(duplicateLines).expect(400);
    assert.equal(duplicate.body.errors[0].name, 'body.lines.1.lineNumber');
    const extra = await submit({ ...submission(), priority: 'urgent' }).expect(400);
    assert.match(JSON.stringify(extra.body.errors), /priority/);
    const badDecimal = submission();
    badDecimal.lines[0]!.quantity.value = 'three';
    const decimal = await submit(badDecimal).expect(400);
    assert.ok(decimal.body.errors.some((error: { name: string }) => error.name === 'body.lines.0.quantity.value'));
  });

  describe('what the review found', () => {
    it('does not report an order as posted when the ERP holds other lines under its purchase order number', async () => {
      const first = submission();
      await submit(first).expect(201);
      // Another partner, the same customer and PO, other lines: the ERP order is not this one.
      const other = { ...submission({ orderNumber: first.orderNumber }), source: { channel: 'INTERNAL' as const, partnerId: 'other-channel' } };
      other.lines = [{ lineNumber: '1', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10002' }] }, quantity: { value: '50', uom: 'EA' } }];
      const response = await submit(other).expect(201);
      assert.equal(response.body.status, 'REJECTED');
      assert.match(response.body.reason, /already holds sales order \d+ .* with other lines/);
      assert.equal(response.body.erp, undefined);
    });

    it('rejects change and cancel orders instead of posting them as new ones', async () => {
      const cancel = await submit(submission({ purpose: 'CANCEL' })).expect(201);
      assert.equal(cancel.body.status, 'REJECTED');
      assert.match(cancel.body.reason, /CANCEL orders are not supported/);
    });

    it('answers business refusals of the ERP as a REJECTED order, not an error', async () => {
      const huge = submission({ lines: [{ lineNumber: '1', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10003' }] }, quantity: { value: '99999999', uom: 'CS' } }] });
      const response = await submit(huge).expect(201);
      assert.equal(response.body.status, 'REJECTED');
      assert.match(response.body.reason, /The ERP refused the order/);
    });

    it('rejects what cannot be an ERP customer or material, and over-precise decimals, without a 5xx', async () => {
      const badCustomer = await submit(submission({ parties: [{ role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '123' }] }] })).expect(201);
      assert.equal(badCustomer.body.status, 'REJECTED');
      const lines = submission({
        lines: [
          { lineNumber: '1', item: { ids: [{ scheme: 'SKU', value: 'X'.repeat(41) }] }, quantity: { value: '1', uom: 'EA' } },
          { lineNumber: '2', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10003' }] }, quantity: { value: '1.0000001', uom: 'EA' } },
          { lineNumber: '3', item: { ids: [{ scheme: 'ERP_MATERIAL', value: 'TG-10003' }] }, quantity: { value: '1', uom: 'EA' } },
        ],
      });
      const response = await submit(lines).expect(201);
      assert.deepEqual(response.body.lines.map((line: { status: string }) => line.status), ['REJECTED', 'REJECTED', 'ACCEPTED']);
      assert.match(response.body.lines[1].reason, /more than 6 decimal places/);
    });

    it('refuses a date that does not exist with a 400 naming it', async () => {
      const response = await submit(submission({ orderDate: '2026-02-30' })).expect(400);
      assert.equal(response.body.errors[0].name, 'body.orderDate');
    });
  });

  it('answers 404 for an unknown order id', async () => {
    const response = await crm.get('/process/orders/v1/orders/ord_00000000000000000000000000000000').expect(404);
    assert.equal(response.body.code, 'ERR_NOT_FOUND');
  });
});

describe('orders process API v1 against a production ERP (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway({ platforms: { erp: { production: true } } });
  });
  after(async () => {
    await gateway?.stop();
  });

  it('never posts a test-mode order there', async () => {
    const crm = await gateway.as('internal-crm');
    const order = submission();
    order.source = { ...order.source, test: true };
    const response = await crm.post('/process/orders/v1/orders').send(order).expect(201);
    assert.equal(response.body.status, 'REJECTED');
    assert.match(response.body.reason, /Test-mode orders are never posted/);
    const inErp = await crm.get('/system/erp/v1/sales-orders').query({ customerNumber: '0010100002', purchaseOrderNumber: order.orderNumber }).expect(200);
    assert.deepEqual(inErp.body, []);
  });
});
