/**
 * The marketplace channel (partner/marketplace/v1) through a real gateway, the real sandboxes and real tokens: Amazon
 * vendor purchase orders in, the process tier's canonical order, then our acknowledgement, order status and
 * shipment confirmations back in Amazon's shapes; duplicates, isolation between partners and the scope.
 */
import assert from 'node:assert/strict';
import type { ProcessOrder } from '../../apis/process/orders/v2/models';
import { PURCHASE_ORDER_STATE, purchaseOrderStatusOf } from '../../apis/partner/marketplace/vendor-order-views';
import { rejectionReasonOf, toVendorAcknowledgement } from '../../apis/partner/marketplace/vendor-acknowledgement';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { purchaseOrderNumber } from '../support/orders';

type Agent = Awaited<ReturnType<TestGateway['as']>>;

const FAST = {
  sandbox: { shipDelayMs: 100, billingDelayMs: 100 },
  process: { workflow: { pollIntervalMs: 50, retryBaseDelayMs: 50, retryMaxDelayMs: 400, leaseMs: 5000, sweepIntervalMs: 200, sweepGraceMs: 6000 } },
};

const BASE = '/partner/marketplace/v1/orders';

/** A purchase order as Amazon's vendor orders API gives it to its vendors. */
function vendorOrder(number: string, items: object[]) {
  return {
    purchaseOrderNumber: number,
    purchaseOrderState: 'New',
    orderDetails: {
      purchaseOrderDate: '2026-11-28T08:00:00Z',
      purchaseOrderStateChangedDate: '2026-11-28T08:00:00Z',
      purchaseOrderType: 'RegularOrder',
      paymentMethod: 'Invoice',
      buyingParty: { partyId: 'SHOPCO' },
      sellingParty: { partyId: 'DISTRIBUTOR' },
      shipToParty: { partyId: 'ABE8', address: { name: 'Shopco ABE8', addressLine1: '705 Boulder Dr', city: 'Breinigsville', stateOrRegion: 'PA', postalCode: '18031', countryCode: 'US' } },
      billToParty: { partyId: 'SHOPCO-AP', taxInfo: { taxRegistrationType: 'VAT', taxRegistrationNumber: 'US123' } },
      deliveryWindow: '2026-12-03T00:00:00Z--2026-12-09T00:00:00Z',
      items,
    },
  };
}

const cases = (sequence: string, sku: string, amount: number, unitSize: number | undefined, extra: object = {}) => ({
  itemSequenceNumber: sequence,
  vendorProductIdentifier: sku,
  orderedQuantity: { amount, unitOfMeasure: 'Cases', ...(unitSize === undefined ? {} : { unitSize }) },
  isBackOrderAllowed: true,
  ...extra,
});
const eaches = (sequence: string, sku: string, amount: number) => ({ itemSequenceNumber: sequence, vendorProductIdentifier: sku, orderedQuantity: { amount, unitOfMeasure: 'Eaches' }, isBackOrderAllowed: true });

async function poll<T>(read: () => Promise<{ status: number; body: T }>, done: (answer: { status: number; body: T }) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { status: number; body: T } | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${what} did not get there; last: ${JSON.stringify(last?.body)}`);
}

describe('marketplace channel partner/marketplace/v1 (integration)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let shopco: Agent;
  let crm: Agent;
  let globex: Agent;

  before(async () => {
    gateway = await startTestGateway(FAST);
    shopco = await gateway.as('shopco-market');
    crm = await gateway.as('internal-crm');
    globex = await gateway.as('globex-dev');
  });
  after(async () => {
    await gateway?.stop();
  });

  describe('a vendor purchase order, end to end', () => {
    const po = purchaseOrderNumber('MKT');
    const bad = purchaseOrderNumber('MKT');
    let orderId: string;

    it('answers 202 per order: the good one Accepted with our id, the one with a case of no size Refused with its field', async () => {
      const response = await shopco
        .post(BASE)
        .send({
          orders: [
            vendorOrder(po, [
              cases('1', 'TG-10001', 2, 10, { amazonProductIdentifier: 'B07DFVDRAB', netCost: { currencyCode: 'USD', amount: '13.70' } }),
              eaches('2', 'TG-10003', 5),
              eaches('3', 'NO-SUCH-ITEM', 1),
              cases('4', 'TG-10002', 1, 12),
            ]),
            vendorOrder(bad, [cases('1', 'TG-10001', 1, undefined)]),
          ],
        })
        .expect(202);
      assert.equal(response.body.results.length, 2);
      const [accepted, refused] = response.body.results;
      assert.equal(accepted.purchaseOrderNumber, po);
      assert.equal(accepted.result, 'Accepted');
      assert.match(accepted.orderId, /^ord_/);
      orderId = accepted.orderId;
      assert.equal(refused.purchaseOrderNumber, bad);
      assert.equal(refused.result, 'Refused');
      assert.equal(refused.orderId, undefined);
      assert.equal(refused.problem.status, 400);
      assert.equal(refused.problem.code, 'ERR_VALIDATION');
      assert.deepEqual(refused.problem.errors.map((field: { name: string }) => field.name), ['body.orders.1.orderDetails.items.0.orderedQuantity.unitSize']);
      // The refused order never reached the process tier.
      await shopco.get(`${BASE}/${bad}`).expect(404);
    });

    it('hands the process tier a canonical MARKETPLACE order: configured account and ship-to, CS with the pack size, per-case price, ids', async () => {
      const order = (await crm.get(`/process/orders/v2/orders/${orderId}`).expect(200)).body as ProcessOrder;
      assert.equal(order.source.channel, 'MARKETPLACE');
      assert.equal(order.source.partnerId, 'shopco');
      assert.equal(order.source.externalId, po);
      assert.equal(order.orderNumber, po);
      assert.equal(order.orderDate, '2026-11-28');
      assert.equal(order.requestedDelivery, '2026-12-09');
      assert.deepEqual(order.parties.find((party) => party.role === 'BUYER')?.ids, [{ scheme: 'ERP_CUSTOMER', value: '0010100004' }, { scheme: 'MARKETPLACE_PARTY', value: 'SHOPCO' }]);
      assert.deepEqual(order.parties.find((party) => party.role === 'SHIP_TO')?.ids, [{ scheme: 'ERP_SHIP_TO', value: '0010200031' }, { scheme: 'MARKETPLACE_PARTY', value: 'ABE8' }]);
      assert.deepEqual(order.lines.map((line) => line.lineNumber), ['1', '2', '3', '4']);
      const [first, second] = order.lines;
      assert.deepEqual(first!.quantity, { value: '2', uom: 'CS', packSize: '10' });
      assert.deepEqual(first!.partnerUnitPrice, { amount: '137.0000', currency: 'USD' }, 'netCost is per each: a case of 10 costs ten times it');
      assert.deepEqual(
        first!.item.ids.filter((id) => id.scheme !== 'ERP_MATERIAL'),
        [{ scheme: 'SKU', value: 'TG-10001' }, { scheme: 'ASIN', value: 'B07DFVDRAB' }],
      );
      assert.deepEqual(second!.quantity.uom, 'EA');
    });

    it('gives the acknowledgement in Amazon’s shape: codes, quantities in the ordered unit, ship dates, rejection reasons', async () => {
      const ack = await poll(() => shopco.get(`${BASE}/${po}/acknowledgement`), (answer) => answer.status === 200, 'the acknowledgement');
      assert.equal(ack.purchaseOrderNumber, po);
      assert.deepEqual(ack.sellingParty, { partyId: 'DISTRIBUTOR' });
      assert.match(ack.acknowledgementDate, /^\d{4}-\d{2}-\d{2}T/);
      const byNumber = Object.fromEntries(ack.items.map((item: { itemSequenceNumber: string }) => [item.itemSequenceNumber, item]));
      assert.deepEqual(Object.keys(byNumber), ['1', '2', '3', '4']);

      const one = byNumber['1'];
      assert.equal(one.amazonProductIdentifier, 'B07DFVDRAB');
      assert.equal(one.vendorProductIdentifier, 'TG-10001');
      assert.deepEqual(one.orderedQuantity, { amount: 2, unitOfMeasure: 'Cases', unitSize: 10 });
      assert.equal(one.itemAcknowledgements[0].acknowledgementCode, 'Accepted');
      assert.deepEqual(one.itemAcknowledgements[0].acknowledgedQuantity, { amount: 2, unitOfMeasure: 'Cases', unitSize: 10 });
      assert.match(one.itemAcknowledgements[0].scheduledShipDate, /^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
      assert.equal(one.netCost.currencyCode, 'USD');
      assert.match(one.netCost.amount, /^\d+\.\d{2,4}$/);

      assert.deepEqual(byNumber['2'].itemAcknowledgements[0].acknowledgedQuantity, { amount: 5, unitOfMeasure: 'Eaches' });
      assert.equal(byNumber['2'].itemAcknowledgements[0].acknowledgementCode, 'Accepted');

      const unknown = byNumber['3'].itemAcknowledgements[0];
      assert.equal(unknown.acknowledgementCode, 'Rejected');
      assert.equal(unknown.rejectionReason, 'InvalidProductIdentifier');
      assert.deepEqual(unknown.acknowledgedQuantity, { amount: 1, unitOfMeasure: 'Eaches' });

      const wrongSize = byNumber['4'].itemAcknowledgements[0];
      assert.equal(wrongSize.acknowledgementCode, 'Rejected');
      assert.equal(wrongSize.rejectionReason, undefined, 'no Amazon reason fits a wrong case size');
      assert.match(wrongSize.reasonDetail, /Pack size 12 differs from the ERP's 10 per CS/);
      assert.deepEqual(byNumber['4'].orderedQuantity, { amount: 1, unitOfMeasure: 'Cases', unitSize: 12 });
      assert.equal(byNumber['4'].netCost, undefined);
    });

    it('gives the status in Amazon’s shape: OPEN, per item ACCEPTED or REJECTED with accepted and rejected quantities', async () => {
      const status = (await shopco.get(`${BASE}/${po}/status`).expect(200)).body;
      assert.equal(status.purchaseOrderNumber, po);
      assert.equal(status.purchaseOrderDate, '2026-11-28T08:00:00Z');
      assert.deepEqual(status.sellingParty, { partyId: 'DISTRIBUTOR' });
      assert.equal(status.shipToParty.partyId, 'ABE8');
      assert.deepEqual(
        status.itemStatus.map((item: { itemSequenceNumber: string; acknowledgementStatus: { confirmationStatus: string } }) => [item.itemSequenceNumber, item.acknowledgementStatus.confirmationStatus]),
        [['1', 'ACCEPTED'], ['2', 'ACCEPTED'], ['3', 'REJECTED'], ['4', 'REJECTED']],
      );
      const [one, , three] = status.itemStatus;
      assert.equal(one.buyerProductIdentifier, 'B07DFVDRAB');
      assert.deepEqual(one.orderedQuantity.orderedQuantity, { amount: 2, unitOfMeasure: 'Cases', unitSize: 10 });
      assert.deepEqual(one.acknowledgementStatus.acceptedQuantity, { amount: 2, unitOfMeasure: 'Cases', unitSize: 10 });
      assert.deepEqual(one.acknowledgementStatus.rejectedQuantity, { amount: 0, unitOfMeasure: 'Cases', unitSize: 10 });
      assert.deepEqual(three.acknowledgementStatus.acceptedQuantity, { amount: 0, unitOfMeasure: 'Eaches' });
      assert.deepEqual(three.acknowledgementStatus.rejectedQuantity, { amount: 1, unitOfMeasure: 'Eaches' });
      assert.ok(['OPEN', 'CLOSED'].includes(status.purchaseOrderStatus));
    });

    it('reads the order back in Amazon’s Order shape, and closes it once invoiced; shipments come back as confirmations with SSCCs', async () => {
      const closed = await poll(() => shopco.get(`${BASE}/${po}`), (answer) => answer.status === 200 && answer.body.purchaseOrderState === 'Closed', 'the closed order');
      assert.equal(closed.purchaseOrderNumber, po);
      assert.equal(closed.orderDetails.purchaseOrderDate, '2026-11-28T08:00:00Z');
      assert.equal(closed.orderDetails.purchaseOrderType, 'RegularOrder');
      assert.equal(closed.orderDetails.deliveryWindow, '2026-12-03T00:00:00Z--2026-12-09T00:00:00Z');
      assert.equal(closed.orderDetails.shipToParty.partyId, 'ABE8');
      assert.equal(closed.orderDetails.shipToParty.address.addressLine1, '705 Boulder Dr');
      assert.deepEqual(closed.orderDetails.items[0], {
        itemSequenceNumber: '1',
        vendorProductIdentifier: 'TG-10001',
        amazonProductIdentifier: 'B07DFVDRAB',
        orderedQuantity: { amount: 2, unitOfMeasure: 'Cases', unitSize: 10 },
        netCost: { currencyCode: 'USD', amount: '13.70' },
      });
      const status = (await shopco.get(`${BASE}/${po}/status`).expect(200)).body;
      assert.equal(status.purchaseOrderStatus, 'CLOSED');

      const { shipmentConfirmations } = (await shopco.get(`${BASE}/${po}/shipments`).expect(200)).body;
      assert.ok(shipmentConfirmations.length >= 1);
      const shipped = new Map<string, number>();
      for (const confirmation of shipmentConfirmations) {
        assert.equal(confirmation.shipmentConfirmationType, 'Original');
        assert.deepEqual(confirmation.sellingParty, { partyId: 'DISTRIBUTOR' });
        assert.equal(confirmation.shipToParty.partyId, 'ABE8');
        assert.ok(confirmation.shipFromParty.partyId);
        assert.ok(confirmation.cartons.length >= 1);
        assert.equal(confirmation.shipmentMeasurements.cartonCount, confirmation.cartons.length);
        for (const carton of confirmation.cartons) {
          assert.equal(carton.cartonIdentifiers[0].containerIdentificationType, 'SSCC');
          assert.match(carton.cartonIdentifiers[0].containerIdentificationNumber, /^\d{18}$/);
          for (const item of carton.items) {
            assert.ok(['1', '2'].includes(item.itemReference), item.itemReference);
            assert.equal(item.itemDetails.purchaseOrderNumber, po);
          }
        }
        for (const item of confirmation.shippedItems) shipped.set(item.itemSequenceNumber, (shipped.get(item.itemSequenceNumber) ?? 0) + item.shippedQuantity.amount);
        const cased = confirmation.shippedItems.find((item: { itemSequenceNumber: string }) => item.itemSequenceNumber === '1');
        if (cased) assert.equal(cased.shippedQuantity.unitOfMeasure, 'Cases');
      }
      assert.deepEqual(Object.fromEntries(shipped), { '1': 2, '2': 5 }, 'every accepted item shipped in full, in its ordered unit; rejected ones not at all');
    });

    it('refuses the same purchase order number again, naming the order it already has', async () => {
      const response = await shopco.post(BASE).send({ orders: [vendorOrder(po, [eaches('1', 'TG-10003', 1)])] }).expect(202);
      const [result] = response.body.results;
      assert.equal(result.result, 'Refused');
      assert.equal(result.problem.status, 409);
      assert.equal(result.problem.code, 'ERR_CONFLICT');
      assert.equal(result.problem.orderId, orderId);
    });
  });

  it('answers 404 for another partner’s purchase order, like a missing one', async () => {
    const theirs = purchaseOrderNumber('MKT');
    await globex
      .post('/partner/customers/v2/orders')
      .send({ customerReference: theirs, items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'CS' } }] })
      .expect(201);
    for (const suffix of ['', '/acknowledgement', '/status', '/shipments']) {
      const response = await shopco.get(`${BASE}/${theirs}${suffix}`).expect(404);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(response.body.code, 'ERR_NOT_FOUND');
    }
    await shopco.get(`${BASE}/NEVER-SENT-${Date.now()}`).expect(404);
  });

  it('answers 403 to a partner token without partner.marketplace', async () => {
    const response = await globex.post(BASE).send({ orders: [vendorOrder(purchaseOrderNumber('MKT'), [eaches('1', 'TG-10003', 1)])] }).expect(403);
    assert.equal(response.body.code, 'ERR_FORBIDDEN');
    await globex.get(`${BASE}/ANY/status`).expect(403);
  });

  it('answers 400 for a request that is not Amazon’s shape (an unknown unit)', async () => {
    const response = await shopco
      .post(BASE)
      .send({ orders: [vendorOrder(purchaseOrderNumber('MKT'), [{ itemSequenceNumber: '1', vendorProductIdentifier: 'TG-10001', orderedQuantity: { amount: 1, unitOfMeasure: 'Pallets' } }])] })
      .expect(400);
    assert.equal(response.body.code, 'ERR_VALIDATION');
  });

  describe('status mappings', () => {
    it('maps every process status to New, Acknowledged or Closed, and Closed alone to CLOSED', () => {
      assert.deepEqual(
        Object.entries(PURCHASE_ORDER_STATE).filter(([, state]) => state === 'Closed').map(([status]) => status).sort(),
        ['INVOICED', 'REJECTED'],
      );
      assert.deepEqual(
        Object.entries(PURCHASE_ORDER_STATE).filter(([, state]) => state === 'Acknowledged').map(([status]) => status).sort(),
        ['ACKNOWLEDGED', 'PARTIALLY_SHIPPED', 'RELEASED', 'SHIPPED'],
      );
      assert.equal(PURCHASE_ORDER_STATE.EXCEPTION, 'New');
      assert.equal(purchaseOrderStatusOf('SHIPPED'), 'OPEN');
      assert.equal(purchaseOrderStatusOf('REJECTED'), 'CLOSED');
    });

    it('uses Amazon’s rejection reasons where they fit, none otherwise', () => {
      assert.equal(rejectionReasonOf('Item SKU X is not known to the ERP'), 'InvalidProductIdentifier');
      assert.equal(rejectionReasonOf('3 of 10 EA available in 1010; backorders are not accepted'), 'TemporarilyUnavailable');
      assert.equal(rejectionReasonOf("Pack size 12 differs from the ERP's 10 per CS"), undefined);
    });

    it('has no acknowledgement before the process tier made one (the route answers 404 then)', () => {
      assert.equal(toVendorAcknowledgement({ acknowledgement: undefined } as unknown as ProcessOrder, 'DISTRIBUTOR'), undefined);
    });
  });
});
