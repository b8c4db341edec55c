/**
 * The customer orders API v2's documents through the real gateway and sandboxes: shipping notices and invoices of an
 * order taken to INVOICED, availability, per-partner tailoring from configuration, and partner isolation.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HIDEABLE_FIELDS } from '../../apis/partner/customers/config-schema';
import type { Invoice, Shipment } from '../../apis/canonical/model';
import { PROJECT_ROOT } from '../../openapi/catalog';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { reached, waitForOrder } from '../support/orders';

type Agent = Awaited<ReturnType<TestGateway['as']>>;
const V2 = '/partner/customers/v2';

const FAST = {
  sandbox: { shipDelayMs: 100, billingDelayMs: 100 },
  process: { workflow: { pollIntervalMs: 50, retryBaseDelayMs: 50, retryMaxDelayMs: 400, leaseMs: 5000, sweepIntervalMs: 200, sweepGraceMs: 6000 } },
  channels: {
    customers: {
      partners: {
        // Globex: items by its own part numbers, its unit code for cases, warehouses named, no unit prices or weights.
        globex: {
          itemIdentifier: 'BUYER_PART',
          buyerParts: { 'TG-10001': 'GLX-GLOVE-S' },
          units: { CS: 'CA' },
          warehouseDetail: 'NAMED',
          hideFields: ['order.items.unitPrice', 'invoice.lines.unitPrice', 'shipment.handlingUnits.weightKg'],
        },
        // Initech: the defaults, whatever config/default.yaml shows as an example.
        initech: { itemIdentifier: 'SKU', buyerParts: {}, units: {}, hideFields: [], warehouseDetail: 'NONE' },
      },
    },
  },
};

let sequence = 0;
const reference = () => `REF-DOCS-${process.pid}-${Date.now()}-${(sequence += 1)}`;
const twoItems = () => ({
  customerReference: reference(),
  items: [
    { lineNumber: '10', sku: 'TG-10001', quantity: { value: '2', unit: 'CS' } },
    { lineNumber: '20', sku: 'TG-10003', quantity: { value: '5', unit: 'EA' } },
  ],
});

describe('customer orders API v2: shipments, invoices, availability, tailoring (integration)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let globex: Agent;
  let initech: Agent;
  let crm: Agent;
  /** One invoiced order per partner, placed once for the suite. */
  const invoiced: Record<'globex' | 'initech', string> = { globex: '', initech: '' };

  before(async () => {
    gateway = await startTestGateway(FAST);
    globex = await gateway.as('globex-dev');
    initech = await gateway.as('initech-dev');
    crm = await gateway.as('internal-crm');
    const [g, i] = await Promise.all([globex.post(`${V2}/orders`).send(twoItems()).expect(201), initech.post(`${V2}/orders`).send(twoItems()).expect(201)]);
    invoiced.globex = g.body.id;
    invoiced.initech = i.body.id;
    await Promise.all([waitForOrder(crm, g.body.id, reached('INVOICED'), 30_000), waitForOrder(crm, i.body.id, reached('INVOICED'), 30_000)]);
  });
  after(async () => {
    await gateway?.stop();
  });

  it('lists an order’s shipping notices: carrier, tracking, handling units with SSCC, type, parent and contents by the partner’s line numbers', async () => {
    const id = invoiced.initech;
    const answer = await initech.get(`${V2}/orders/${id}/shipments`).expect(200);
    const canonical = (await crm.get(`/process/orders/v2/orders/${id}/shipments`).expect(200)).body as Shipment[];
    assert.ok(canonical.length >= 1);
    assert.equal(answer.body.shipments.length, canonical.length);
    const order = (await initech.get(`${V2}/orders/${id}`).expect(200)).body;
    answer.body.shipments.forEach((notice: Record<string, any>, index: number) => {
      const source = canonical[index]!;
      assert.equal(notice.shipmentNumber, source.shipmentNumber);
      assert.equal(notice.shipDate, source.shipDate);
      assert.equal(notice.orderId, id);
      assert.equal(notice.customerReference, order.customerReference);
      assert.equal(notice.salesOrderNumber, source.salesOrderNumber);
      assert.equal(notice.shipFrom, undefined, 'no warehouse ids by default');
      assert.deepEqual(notice.carrier.trackingNumbers, source.carrier.trackingNumbers);
      assert.deepEqual(
        notice.handlingUnits.map((unit: any) => [unit.sscc, unit.type, unit.parentSscc]),
        source.handlingUnits.map((unit) => [unit.sscc, unit.type, unit.parentSscc]),
      );
      for (const unit of notice.handlingUnits) {
        assert.match(unit.sscc, /^\d{18}$/);
        for (const content of unit.contents) {
          assert.ok(['10', '20'].includes(content.lineNumber), content.lineNumber);
          assert.equal(content.item.scheme, 'SKU');
          assert.ok(['TG-10001', 'TG-10003'].includes(content.item.id));
          assert.match(content.quantity.value, /^\d+$/);
        }
      }
    });
    const shippedLines = new Set(answer.body.shipments.flatMap((notice: any) => notice.handlingUnits.flatMap((unit: any) => unit.contents.map((c: any) => c.lineNumber))));
    assert.deepEqual([...shippedLines].sort(), ['10', '20']);
  });

  it('lists an order’s invoices: number, date, lines by line number, totals with currency, terms', async () => {
    const id = invoiced.initech;
    const answer = await initech.get(`${V2}/orders/${id}/invoices`).expect(200);
    const canonical = (await crm.get(`/process/orders/v2/orders/${id}/invoices`).expect(200)).body as Invoice[];
    assert.equal(answer.body.invoices.length, 1);
    const [invoice] = answer.body.invoices;
    const source = canonical[0]!;
    assert.equal(invoice.invoiceNumber, source.invoiceNumber);
    assert.equal(invoice.invoiceDate, source.invoiceDate);
    assert.equal(invoice.orderId, id);
    assert.equal(invoice.currency, 'USD');
    assert.deepEqual(invoice.totals, source.totals);
    assert.equal(invoice.totals.total.currency, 'USD');
    assert.equal(invoice.terms, source.terms);
    assert.deepEqual(invoice.lines.map((line: any) => line.lineNumber).sort(), ['10', '20']);
    for (const line of invoice.lines) {
      assert.ok(line.unitPrice && line.amount, 'initech sees prices');
      assert.equal(line.item.scheme, 'SKU');
    }
  });

  it('tailors every answer by configuration: item ids, units, warehouses, hidden fields absent (never null)', async () => {
    const id = invoiced.globex;
    const order = (await globex.get(`${V2}/orders/${id}`).expect(200)).body;
    const gloves = order.items.find((item: any) => item.lineNumber === '10');
    assert.equal(gloves.quantity.unit, 'CA');
    assert.ok(order.items.every((item: any) => !('unitPrice' in item)));
    assert.ok(order.total, 'the total is not hidden');
    const found = (await globex.get(`${V2}/orders`).query({ customerReference: order.customerReference }).expect(200)).body;
    assert.deepEqual(found.orders[0], order, 'find answers through the same view');

    const notice = (await globex.get(`${V2}/orders/${id}/shipments`).expect(200)).body.shipments[0];
    assert.match(notice.shipFrom, /^\d+$/, 'NAMED shows the ship-from warehouse');
    const contents = notice.handlingUnits.flatMap((unit: any) => unit.contents);
    assert.ok(notice.handlingUnits.every((unit: any) => !('weightKg' in unit)));
    const glove = contents.find((content: any) => content.lineNumber === '10');
    if (glove) {
      assert.deepEqual([glove.item.id, glove.item.scheme], ['GLX-GLOVE-S', 'BUYER_PART']);
      assert.equal(glove.quantity.unit === 'CS', false, 'cases read CA');
    }
    const other = contents.find((content: any) => content.lineNumber === '20');
    if (other) assert.deepEqual([other.item.id, other.item.scheme], ['TG-10003', 'SKU'], 'no part number configured: our SKU, and says so');

    const invoice = (await globex.get(`${V2}/orders/${id}/invoices`).expect(200)).body.invoices[0];
    for (const line of invoice.lines) {
      assert.ok(!('unitPrice' in line));
      assert.ok(line.amount.amount);
    }
    assert.deepEqual(invoice.lines.find((line: any) => line.lineNumber === '10').item.id, 'GLX-GLOVE-S');
    assert.equal(invoice.lines.find((line: any) => line.lineNumber === '10').quantity.unit, 'CA');
  });

  it('answers 404 for another partner’s order and for a missing one, as the order itself does', async () => {
    for (const kind of ['shipments', 'invoices']) {
      const theirs = await initech.get(`${V2}/orders/${invoiced.globex}/${kind}`).expect(404);
      const missing = await initech.get(`${V2}/orders/ord_ffffffffffffffffffffffffffffffff/${kind}`).expect(404);
      assert.equal(theirs.body.code, 'ERR_NOT_FOUND');
      assert.equal(theirs.body.title, missing.body.title);
    }
    await (await gateway.as('internal-crm')).get(`${V2}/orders/${invoiced.globex}/shipments`).expect(403);
  });

  it('answers availability in totals by default, per named warehouse when configured, unknown SKUs listed', async () => {
    const byDefault = await initech.get(`${V2}/availability`).query('sku=TG-10001&sku=TG-10002&sku=NO-SUCH-SKU&sku=TG-10001').expect(200);
    assert.deepEqual(byDefault.body.items.map((item: any) => item.sku), ['TG-10001', 'TG-10002']);
    assert.deepEqual(byDefault.body.unknownSkus, ['NO-SUCH-SKU']);
    const process = (await crm.get('/process/inventory/v1/availability').query('material=TG-10001').expect(200)).body[0];
    const [first] = byDefault.body.items;
    assert.equal(first.available, process.totalPromisable);
    assert.equal(first.unit, 'EA');
    assert.deepEqual(first.item, { id: 'TG-10001', scheme: 'SKU', description: process.description });
    assert.equal(first.warehouses, undefined, 'no warehouses by default');
    assert.ok(!JSON.stringify(byDefault.body).includes('"warehouse"'));

    const named = await globex.get(`${V2}/availability`).query('sku=TG-10001').expect(200);
    const [item] = named.body.items;
    assert.deepEqual([item.item.id, item.item.scheme], ['GLX-GLOVE-S', 'BUYER_PART']);
    assert.deepEqual(
      item.warehouses.map((warehouse: any) => [warehouse.warehouse, warehouse.available]),
      process.warehouses.map((warehouse: any) => [warehouse.warehouse, warehouse.promisable]),
    );
  });

  it('refuses no SKU, more than 50, or a malformed one with a 400 naming them', async () => {
    const none = await initech.get(`${V2}/availability`).expect(400);
    assert.equal(none.body.code, 'ERR_VALIDATION');
    const many = Array.from({ length: 51 }, (_, index) => `sku=TG-${10001 + index}`).join('&');
    const tooMany = await initech.get(`${V2}/availability`).query(many).expect(400);
    assert.deepEqual(tooMany.body.errors.map((error: any) => error.name), ['sku']);
    const bad = await initech.get(`${V2}/availability`).query('sku=TG-10001&sku=%20bad').expect(400);
    assert.deepEqual(bad.body.errors.map((error: any) => error.name), ['sku.1']);
  });

  it('declares every hideable field optional in the v2 contract', () => {
    const spec = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'openapi/partner/customers/v2.json'), 'utf8'));
    const schemas = spec.components.schemas as Record<string, any>;
    const roots: Record<string, string> = { order: 'Order', shipment: 'ShipmentNotice', invoice: 'InvoiceDocument', availability: 'AvailabilityList' };
    const resolve = (schema: any): any => {
      if (schema?.$ref) return resolve(schemas[schema.$ref.split('/').pop()]);
      if (schema?.allOf) return resolve(schema.allOf[0]);
      if (schema?.type === 'array') return resolve(schema.items);
      return schema;
    };
    for (const field of HIDEABLE_FIELDS) {
      const [resource, ...segments] = field.split('.');
      let schema = resolve(schemas[roots[resource!]!]);
      for (const [index, segment] of segments.entries()) {
        assert.ok(schema?.properties?.[segment], `${field}: no ${segment}`);
        if (index === segments.length - 1) assert.ok(!(schema.required ?? []).includes(segment), `${field} is required in the contract`);
        schema = resolve(schema.properties[segment]);
      }
    }
  });
});
