/**
 * The WMS system API v1 over HTTP: every route against the real sandbox WMS, behind the gateway's body parsing,
 * correlation and problem handling (test/support/api-app.ts). Happy paths, 404s, validation, duplicates.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import type { HandlingUnit, InventoryPosition, InventoryPositionPage, OrderRelease, ShipmentConfirmation } from '../../../apis/system/wms/v1/models';
import { createDistributorSeed } from '../../../sandbox/seed/distributor';
import { BASE, isValidSscc, release, startWmsFixture, type WmsFixture } from './support';

const seed = createDistributorSeed();
const caseSize = (material: string) => seed.items.find((item) => item.material === material)?.caseSize ?? Number.NaN;

/** A problem+json answer with the given status and code; returns the body. */
async function problem(test: request.Test, status: number, code: string): Promise<Record<string, unknown>> {
  const response = await test.expect(status).expect('content-type', /application\/problem\+json/);
  assert.equal(response.body.status, status);
  assert.equal(response.body.code, code);
  assert.equal(typeof response.body.detail, 'string');
  return response.body as Record<string, unknown>;
}

function fieldNames(body: Record<string, unknown>): string[] {
  return ((body.errors ?? []) as Array<{ name: string }>).map((field) => field.name);
}

/** Eaches per line number over the cartons of confirmations. */
function eachesByLine(units: readonly HandlingUnit[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const unit of units) {
    for (const content of unit.contents) {
      assert.equal(content.quantity.uom, 'EA');
      totals[content.lineNumber] = (totals[content.lineNumber] ?? 0) + Number(content.quantity.value);
    }
  }
  return totals;
}

describe('system/wms v1 routes', () => {
  let fixture: WmsFixture;

  before(async () => {
    fixture = await startWmsFixture();
  });

  after(async () => {
    await fixture.wms.close();
  });

  beforeEach(async () => {
    await fixture.controls.reset();
  });

  describe('inventory', () => {
    it('lists positions per item and warehouse, a page at a time, with the total', async () => {
      const page = (await request(fixture.app).get(`${BASE}/inventory`).expect(200)).body as InventoryPositionPage;
      assert.equal(page.total, seed.items.length * seed.warehouses.length);
      assert.deepEqual([page.offset, page.limit, page.items.length], [0, 50, 50]);
      const first = page.items[0] as InventoryPosition;
      const stock = seed.stock.find((row) => row.material === 'TG-10001' && row.warehouseId === '1010');
      assert.ok(stock);
      assert.deepEqual(
        { material: first.material, warehouse: first.warehouse, uom: first.uom, onHand: first.onHand, committed: first.committed, available: first.available, incoming: first.incoming, backordered: first.backordered },
        {
          material: 'TG-10001',
          warehouse: '1010',
          uom: 'EA',
          onHand: String(stock.onHand),
          committed: String(stock.committed),
          available: String(stock.onHand - stock.committed),
          incoming: '0',
          backordered: '0',
        },
      );
      assert.equal(first.gtin, seed.items[0]?.gtin);
      assert.deepEqual(first.ids.map((id) => id.scheme), ['SKU', 'GTIN', 'WMS_INVENTORY_ID']);
      assert.ok(!Number.isNaN(Date.parse(first.asOf)));
      assert.deepEqual(
        page.items.slice(0, 4).map((position) => `${position.material}@${position.warehouse}`),
        ['TG-10001@1010', 'TG-10001@1020', 'TG-10001@1030', 'TG-10002@1010'],
      );
      const last = (await request(fixture.app).get(`${BASE}/inventory?offset=718&limit=100`).expect(200)).body as InventoryPositionPage;
      assert.deepEqual(
        last.items.map((position) => `${position.material}@${position.warehouse}`),
        ['TG-10240@1020', 'TG-10240@1030'],
      );
    });

    it('filters by warehouse and by material', async () => {
      const inDallas = (await request(fixture.app).get(`${BASE}/inventory?warehouse=1020&limit=100`).expect(200)).body as InventoryPositionPage;
      assert.equal(inDallas.total, seed.items.length);
      assert.ok(inDallas.items.every((position) => position.warehouse === '1020'));
      const one = (await request(fixture.app).get(`${BASE}/inventory?material=TG-10005&warehouse=1030`).expect(200)).body as InventoryPositionPage;
      assert.deepEqual(one.items.map((position) => `${position.material}@${position.warehouse}`), ['TG-10005@1030']);
      const none = (await request(fixture.app).get(`${BASE}/inventory?material=TG-99999`).expect(200)).body as InventoryPositionPage;
      assert.deepEqual([none.total, none.items], [0, []]);
    });

    it('reads one item in every warehouse, and shows incoming stock where it runs low', async () => {
      const positions = (await request(fixture.app).get(`${BASE}/inventory/TG-10010`).expect(200)).body as InventoryPosition[];
      assert.deepEqual(positions.map((position) => position.warehouse), ['1010', '1020', '1030']);
      for (const position of positions) {
        assert.equal(position.onHand, '0');
        assert.equal(position.incoming, String(50 * caseSize('TG-10010')));
      }
    });

    it('answers 404 for an unknown material, and 400 naming bad query parameters', async () => {
      await problem(request(fixture.app).get(`${BASE}/inventory/TG-99999`), 404, 'ERR_NOT_FOUND');
      const body = await problem(request(fixture.app).get(`${BASE}/inventory?limit=101&offset=-1&warehouse=north`), 400, 'ERR_VALIDATION');
      assert.deepEqual(fieldNames(body).sort(), ['limit', 'offset', 'warehouse']);
      await problem(request(fixture.app).get(`${BASE}/inventory?limit=1.5`), 400, 'ERR_VALIDATION');
      await problem(request(fixture.app).get(`${BASE}/inventory/${encodeURIComponent('TG 1')}`), 400, 'ERR_VALIDATION');
    });
  });

  describe('releases', () => {
    it('releases a sales order: 201, Location, lines verbatim, committed stock', async () => {
      const response = await request(fixture.app).post(`${BASE}/releases`).send(release()).expect(201);
      const created = response.body as OrderRelease;
      assert.equal(response.headers.location, `${BASE}/releases/1000001`);
      assert.equal(created.releaseId, '1000001');
      assert.equal(created.salesOrderNumber, '1000001');
      assert.equal(created.customerPurchaseOrderNumber, 'PO-4711');
      assert.equal(created.warehouse, '1010');
      assert.equal(created.requestedShipDate, '2026-12-01');
      assert.equal(created.status, 'PACKED');
      assert.match(created.wmsOrderId, /^\d+$/);
      assert.deepEqual(created.lines, [
        { lineNumber: '00010', material: 'TG-10001', quantity: { value: '2', uom: 'CS' } },
        { lineNumber: 'A-20', material: 'TG-10002', quantity: { value: '5', uom: 'EA' } },
      ]);
      const read = (await request(fixture.app).get(response.headers.location as string).expect(200)).body as OrderRelease;
      assert.deepEqual(read, created);
      const stock = seed.stock.find((row) => row.material === 'TG-10001' && row.warehouseId === '1010');
      const [position] = ((await request(fixture.app).get(`${BASE}/inventory?material=TG-10001&warehouse=1010`).expect(200)).body as InventoryPositionPage).items;
      assert.equal(position?.committed, String((stock?.committed ?? 0) + 2 * caseSize('TG-10001')));
    });

    it('answers 409 to a second release of the same sales order', async () => {
      await request(fixture.app).post(`${BASE}/releases`).send(release()).expect(201);
      const body = await problem(request(fixture.app).post(`${BASE}/releases`).send(release({ warehouse: '1020' })), 409, 'ERR_CONFLICT');
      assert.match(String(body.detail), /1000001/);
    });

    it('answers 422 with the WMS\'s words when it refuses: unknown material, unknown warehouse', async () => {
      const unknownMaterial = await problem(
        request(fixture.app)
          .post(`${BASE}/releases`)
          .send(release({ lines: [{ lineNumber: '1', material: 'TG-10001', quantity: { value: '1', uom: 'EA' } }, { lineNumber: '2', material: 'TG-99999', quantity: { value: '1', uom: 'EA' } }] })),
        422,
        'ERR_UNPROCESSABLE',
      );
      assert.match(String(unknownMaterial.detail), /TG-99999/);
      assert.deepEqual(fieldNames(unknownMaterial), ['body.lines.1.material']);
      const unknownWarehouse = await problem(request(fixture.app).post(`${BASE}/releases`).send(release({ warehouse: '9999' })), 422, 'ERR_UNPROCESSABLE');
      assert.deepEqual(fieldNames(unknownWarehouse), ['body.warehouse']);
    });

    it('answers 400 naming the fields of a malformed release, extra fields included, and sends nothing to the WMS', async () => {
      const body = await problem(
        request(fixture.app)
          .post(`${BASE}/releases`)
          .send({ ...release(), salesOrderNumber: 'not a number!', shipTo: { name: 'X', lines: [], country: 'usa' }, priority: 'high' }),
        400,
        'ERR_VALIDATION',
      );
      const names = fieldNames(body);
      for (const expected of ['body.salesOrderNumber', 'body.shipTo.lines', 'body.shipTo.city', 'body.shipTo.country', 'body.priority']) {
        assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
      }
      const extraInLine = await problem(
        request(fixture.app)
          .post(`${BASE}/releases`)
          .send(release({ lines: [{ lineNumber: '1', material: 'TG-10001', quantity: { value: '1', uom: 'EA' }, note: 'x' } as never] })),
        400,
        'ERR_VALIDATION',
      );
      assert.ok(fieldNames(extraInLine).some((name) => name.endsWith('note')));
      const journal = await fixture.controls.journal();
      assert.equal(journal.length, 0, 'nothing reached the WMS');
    });

    it('answers 400 for what the WMS cannot take: fractions, unknown units, repeated line numbers', async () => {
      const body = await problem(
        request(fixture.app)
          .post(`${BASE}/releases`)
          .send(
            release({
              lines: [
                { lineNumber: '1', material: 'TG-10001', quantity: { value: '2.5', uom: 'EA' } },
                { lineNumber: '2', material: 'TG-10001', quantity: { value: '1', uom: 'KGM' } },
                { lineNumber: '2', material: 'TG-10002', quantity: { value: '0', uom: 'EA' } },
              ],
            }),
          ),
        400,
        'ERR_VALIDATION',
      );
      assert.deepEqual(fieldNames(body).sort(), ['body.lines.0.quantity.value', 'body.lines.1.quantity.uom', 'body.lines.2.lineNumber', 'body.lines.2.quantity.value']);
      assert.equal((await fixture.controls.journal()).length, 0);
    });

    it('answers 404 for an unknown release, and 400 for a malformed id', async () => {
      await problem(request(fixture.app).get(`${BASE}/releases/1000099`), 404, 'ERR_NOT_FOUND');
      await problem(request(fixture.app).get(`${BASE}/releases/1000099/shipments`), 404, 'ERR_NOT_FOUND');
      await problem(request(fixture.app).get(`${BASE}/releases/${encodeURIComponent('a,b')}`), 400, 'ERR_VALIDATION');
    });

    it('shows a release that waits for stock as RELEASED, with the WMS\'s reason', async () => {
      const created = (
        await request(fixture.app)
          .post(`${BASE}/releases`)
          .send(release({ salesOrderNumber: '1000002', lines: [{ lineNumber: '1', material: 'TG-10010', quantity: { value: '2', uom: 'EA' } }] }))
          .expect(201)
      ).body as OrderRelease;
      assert.equal(created.status, 'RELEASED');
      assert.match(created.statusReasons?.[0] ?? '', /TG-10010/);
      const [position] = ((await request(fixture.app).get(`${BASE}/inventory?material=TG-10010&warehouse=1010`).expect(200)).body as InventoryPositionPage).items;
      assert.equal(position?.backordered, '2');
      assert.deepEqual((await request(fixture.app).get(`${BASE}/releases/1000002/shipments`).expect(200)).body, []);
    });

    it('forwards the correlation id to the WMS', async () => {
      await request(fixture.app).get(`${BASE}/releases/1000099`).set('X-Correlation-Id', 'wms-corr-42').expect(404);
      const [entry] = await fixture.controls.journal();
      assert.equal(entry?.correlationId, 'wms-corr-42');
      assert.match(entry?.traceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
      assert.equal(entry?.channelId, '100');
    });
  });

  describe('shipments', () => {
    it('confirms a shipped release: carrier, tracking, cartons with valid SSCCs and contents by line', async () => {
      const created = (await request(fixture.app).post(`${BASE}/releases`).send(release()).expect(201)).body as OrderRelease;
      assert.deepEqual((await request(fixture.app).get(`${BASE}/releases/1000001/shipments`).expect(200)).body, []);
      await fixture.controls.ship(created.wmsOrderId);
      assert.equal(((await request(fixture.app).get(`${BASE}/releases/1000001`).expect(200)).body as OrderRelease).status, 'SHIPPED');

      const confirmations = (await request(fixture.app).get(`${BASE}/releases/1000001/shipments`).expect(200)).body as ShipmentConfirmation[];
      assert.equal(confirmations.length, 1);
      const confirmation = confirmations[0] as ShipmentConfirmation;
      assert.equal(confirmation.releaseId, '1000001');
      assert.equal(confirmation.wmsOrderId, created.wmsOrderId);
      assert.equal(confirmation.warehouse, '1010');
      assert.match(confirmation.shipDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(confirmation.shipDate, confirmation.shippedAt.slice(0, 10));
      assert.equal(confirmation.carrier.scac, 'UPSN');
      assert.equal(confirmation.carrier.trackingNumbers.length, 1);
      assert.ok(confirmation.handlingUnits.length >= 3);
      for (const unit of confirmation.handlingUnits) {
        assert.equal(unit.type, 'CARTON');
        assert.ok(isValidSscc(unit.sscc), `${unit.sscc} is an SSCC-18`);
        assert.equal(unit.parentSscc, undefined);
        assert.match(unit.weightKg ?? '', /^\d+\.\d{3}$/);
      }
      assert.deepEqual(eachesByLine(confirmation.handlingUnits), { '00010': 2 * caseSize('TG-10001'), 'A-20': 5 });

      const one = (await request(fixture.app).get(`${BASE}/shipments/${confirmation.shipmentId}`).expect(200)).body as ShipmentConfirmation;
      assert.deepEqual(one, confirmation);
    });

    it('confirms a palletized release: pallets first, every carton names its pallet, lines with the same item stay apart', async () => {
      const size = caseSize('TG-10001');
      const created = (
        await request(fixture.app)
          .post(`${BASE}/releases`)
          .send(
            release({
              lines: [
                { lineNumber: '1', material: 'TG-10001', quantity: { value: '45', uom: 'CS' } },
                { lineNumber: '2', material: 'TG-10002', quantity: { value: '3', uom: 'EA' } },
                { lineNumber: '3', material: 'TG-10001', quantity: { value: '7', uom: 'EA' } },
              ],
            }),
          )
          .expect(201)
      ).body as OrderRelease;
      await fixture.controls.ship(created.wmsOrderId);
      const [confirmation] = (await request(fixture.app).get(`${BASE}/releases/1000001/shipments`).expect(200)).body as ShipmentConfirmation[];
      assert.ok(confirmation);
      assert.equal(confirmation.carrier.scac, 'ODFL');
      assert.ok(confirmation.carrier.proNumber && confirmation.carrier.bolNumber);
      const pallets = confirmation.handlingUnits.filter((unit) => unit.type === 'PALLET');
      const cartons = confirmation.handlingUnits.filter((unit) => unit.type === 'CARTON');
      assert.equal(pallets.length, 2);
      assert.deepEqual(confirmation.handlingUnits.slice(0, 2), pallets, 'pallets come first');
      for (const pallet of pallets) {
        assert.ok(isValidSscc(pallet.sscc));
        assert.deepEqual(pallet.contents, []);
      }
      const palletSsccs = new Set(pallets.map((pallet) => pallet.sscc));
      assert.ok(cartons.every((carton) => isValidSscc(carton.sscc) && palletSsccs.has(carton.parentSscc)));
      assert.deepEqual(eachesByLine(cartons), { '1': 45 * size, '2': 3, '3': 7 });
    });

    it('answers 404 for a shipment that has not shipped, an unknown one, and 400 for a malformed id', async () => {
      const created = (await request(fixture.app).post(`${BASE}/releases`).send(release()).expect(201)).body as OrderRelease;
      const shipments = (await (
        await fetch(`${fixture.wms.url}/2026-01/order/${created.wmsOrderId}/shipment`, { headers: { Authorization: 'Bearer sandbox-wms-token' } })
      ).json()) as Array<{ id: number }>;
      const shipmentId = String(shipments[0]?.id);
      const notYet = await problem(request(fixture.app).get(`${BASE}/shipments/${shipmentId}`), 404, 'ERR_NOT_FOUND');
      assert.match(String(notYet.detail), /not shipped/);
      await problem(request(fixture.app).get(`${BASE}/shipments/99999999`), 404, 'ERR_NOT_FOUND');
      await problem(request(fixture.app).get(`${BASE}/shipments/9999999999`), 404, 'ERR_NOT_FOUND');
      await problem(request(fixture.app).get(`${BASE}/shipments/abc`), 400, 'ERR_VALIDATION');
    });
  });
});
