/**
 * Orders in the sandbox WMS: creation in ShipBob's shape, duplicate reference ids, input errors, the split over
 * fulfillment centers, packing into SSCC-labelled cartons and pallets, shipping (on demand and after the delay),
 * and what it does to stock.
 */
import assert from 'node:assert/strict';
import { createDistributorSeed } from '../../../sandbox/seed/distributor';
import {
  isValidSscc,
  orderBody,
  packedEaches,
  startWmsFixture,
  type LocationLevelJson,
  type OrderJson,
  type ShipmentJson,
  type WmsFixture,
} from './helpers';

const seed = createDistributorSeed();
const item = (material: string) => {
  const found = seed.items.find((candidate) => candidate.material === material);
  if (!found) throw new Error(`no ${material} in the seed`);
  return found;
};
const stock = (material: string, warehouse: string) => {
  const found = seed.stock.find((row) => row.material === material && row.warehouseId === warehouse);
  if (!found) throw new Error(`no stock of ${material} in ${warehouse}`);
  return found;
};

async function levelAt(wms: WmsFixture, inventoryId: number, locationId: number): Promise<LocationLevelJson> {
  const body = (await wms.get(`/2026-01/inventory-level/locations?InventoryIds=${inventoryId}&LocationId=${locationId}`).expect(200)).body as {
    items: Array<{ locations: LocationLevelJson[] }>;
  };
  const level = body.items[0]?.locations[0];
  assert.ok(level, `a level for ${inventoryId} at ${locationId}`);
  return level;
}

function allCartons(shipment: ShipmentJson) {
  return shipment.parent_cartons.flatMap((parent) => parent.cartons);
}

describe('sandbox WMS orders', () => {
  let wms: WmsFixture;

  before(async () => {
    wms = await startWmsFixture({ shipDelayMs: 60_000 });
  });

  after(async () => {
    await wms.server.close();
  });

  beforeEach(async () => {
    await wms.reset();
  });

  describe('creation', () => {
    it('creates an order with one shipment at the requested center, in ShipBob shape, with Location', async () => {
      const response = await wms
        .createOrder(
          orderBody('SO-1', [
            { reference_id: 'TG-10001', quantity: 2, quantity_unit_of_measure_code: 'CS', external_line_id: 1 },
            { reference_id: 'TG-10002', quantity: 5, external_line_id: 2 },
          ], { location_id: 1020, tags: [{ name: 'line:1', value: '00010' }, { name: 'line:2', value: '00020' }] }),
        )
        .expect(201);
      const order = response.body as OrderJson;
      assert.equal(response.headers.location, `/2026-01/order/${order.id}`);
      assert.equal(order.reference_id, 'SO-1');
      assert.equal(order.status, 'Processing');
      assert.equal(order.channel.id, 100);
      assert.deepEqual(
        order.products.map((product) => [product.reference_id, product.quantity, product.quantity_unit_of_measure_code, product.external_line_id]),
        [
          ['TG-10001', 2, 'CS', 1],
          ['TG-10002', 5, 'EA', 2],
        ],
      );
      assert.deepEqual(order.tags, [{ name: 'line:1', value: '00010' }, { name: 'line:2', value: '00020' }]);
      assert.equal(order.shipments.length, 1);
      const shipment = order.shipments[0] as ShipmentJson;
      assert.equal(shipment.location.id, 1020);
      assert.equal(shipment.status, 'LabeledCreated');
      assert.equal(shipment.reference_id, 'SO-1');
      const again = (await wms.get(`/2026-01/order/${order.id}`).expect(200)).body as OrderJson;
      assert.deepEqual(again, order);
      const shipments = (await wms.get(`/2026-01/order/${order.id}/shipment`).expect(200)).body as ShipmentJson[];
      assert.deepEqual(shipments, order.shipments);
      assert.deepEqual((await wms.get(`/2026-01/shipment/${shipment.id}`).expect(200)).body, shipment);
      assert.deepEqual((await wms.get(`/2026-01/order/${order.id}/shipment/${shipment.id}`).expect(200)).body, shipment);
    });

    it('takes products by ShipBob product id too', async () => {
      const order = (await wms.createOrder(orderBody('SO-ID', [{ id: 5000003, quantity: 4 }])).expect(201)).body as OrderJson;
      assert.equal(order.products[0]?.reference_id, 'TG-10003');
    });

    it('refuses a second order with the same reference_id in the channel (422), and allows it in another channel', async () => {
      await wms.createOrder(orderBody('DUP-1', [{ reference_id: 'TG-10001', quantity: 1 }])).expect(201);
      const duplicate = await wms.createOrder(orderBody('DUP-1', [{ reference_id: 'TG-10002', quantity: 1 }])).expect(422);
      assert.match((duplicate.body as Record<string, string[]>).reference_id?.[0] ?? '', /already exists/);
      await wms.createOrder(orderBody('DUP-1', [{ reference_id: 'TG-10001', quantity: 1 }]), '200').expect(201);
      const found = (await wms.get('/2026-01/order?ReferenceIds=DUP-1').expect(200)).body as OrderJson[];
      assert.equal(found.length, 2);
      const inChannel = (await wms.get('/2026-01/order?ReferenceIds=DUP-1').set('shipbob_channel_id', '100').expect(200)).body as OrderJson[];
      assert.equal(inChannel.length, 1);
    });

    it('refuses business-rule failures with 422 naming the field, and changes no stock', async () => {
      const before = await levelAt(wms, 7000001, 1010);
      const cases: Array<[Record<string, unknown>, string]> = [
        [orderBody('B-1', [{ reference_id: 'TG-10001', quantity: 1 }, { reference_id: 'TG-99999', quantity: 1 }]), 'products[1].reference_id'],
        [orderBody('B-2', [{ id: 42, quantity: 1 }]), 'products[0].id'],
        [orderBody('B-3', [{ reference_id: 'TG-10001', quantity: 1, quantity_unit_of_measure_code: 'PL' }]), 'products[0].quantity_unit_of_measure_code'],
        [orderBody('B-4', [{ reference_id: 'TG-10001', quantity: 1 }], { location_id: 9999 }), 'location_id'],
      ];
      for (const [body, field] of cases) {
        const response = await wms.createOrder(body).expect(422);
        assert.ok(Array.isArray((response.body as Record<string, unknown>)[field]), `${field} in ${JSON.stringify(response.body)}`);
      }
      assert.deepEqual(await levelAt(wms, 7000001, 1010), before);
      assert.deepEqual((await wms.get('/2026-01/order').expect(200)).body, []);
    });

    it('refuses malformed orders with 400 naming every field, ShipBob style', async () => {
      const response = await wms
        .createOrder({ reference_id: '', type: 'Retail', products: [{ reference_id: 'TG-10001', quantity: 0 }, { quantity: 1 }], recipient: { address: {} } })
        .expect(400);
      const errors = response.body as Record<string, string[]>;
      for (const field of ['reference_id', 'type', 'shipping_method', 'recipient.name', 'recipient.address.address1', 'recipient.address.city', 'products[0].quantity', 'products[1].reference_id']) {
        assert.ok(Array.isArray(errors[field]) && errors[field].length > 0, `${field} in ${JSON.stringify(errors)}`);
      }
      assert.match(errors.shipping_method?.[0] ?? '', /required/);
    });

    it('requires the shipbob_channel_id header on order writes', async () => {
      const { default: request } = await import('supertest');
      const response = await request(wms.server.url)
        .post('/2026-01/order')
        .set('Authorization', 'Bearer sandbox-wms-token')
        .send(orderBody('NO-CHANNEL', [{ reference_id: 'TG-10001', quantity: 1 }]))
        .expect(400);
      assert.ok(Array.isArray(response.body.shipbob_channel_id));
      await wms.createOrder(orderBody('BAD-CHANNEL', [{ reference_id: 'TG-10001', quantity: 1 }]), 'abc').expect(400);
    });

    it('pages orders with ShipBob headers', async () => {
      for (let i = 1; i <= 3; i += 1) await wms.createOrder(orderBody(`P-${i}`, [{ reference_id: 'TG-10001', quantity: 1 }])).expect(201);
      const page = await wms.get('/2026-01/order?Page=2&Limit=2').expect(200);
      assert.deepEqual((page.body as OrderJson[]).map((order) => order.reference_id), ['P-3']);
      assert.equal(page.headers['total-count'], '3');
      assert.equal(page.headers['total-pages'], '2');
      assert.equal(page.headers['page-number'], '2');
    });
  });

  describe('fulfillment centers', () => {
    it('puts the whole order at the first center that can fill it', async () => {
      const order = (await wms.createOrder(orderBody('FC-1', [{ reference_id: 'TG-10001', quantity: 5 }])).expect(201)).body as OrderJson;
      assert.deepEqual(order.shipments.map((shipment) => shipment.location.id), [1010]);
    });

    it('splits lines over centers when none can fill them all: one shipment per center', async () => {
      // TG-10007 has 18 free eaches only in 1010; TG-10014 has 16 free only in 1020.
      const free = (material: string, warehouse: string) => stock(material, warehouse).onHand - stock(material, warehouse).committed;
      assert.ok(free('TG-10007', '1010') >= 18 && free('TG-10007', '1020') < 18 && free('TG-10007', '1030') < 18);
      assert.ok(free('TG-10014', '1020') >= 16 && free('TG-10014', '1010') < 16);
      const order = (
        await wms.createOrder(orderBody('FC-2', [{ reference_id: 'TG-10007', quantity: 18 }, { reference_id: 'TG-10014', quantity: 16 }])).expect(201)
      ).body as OrderJson;
      assert.deepEqual(
        order.shipments.map((shipment) => [shipment.location.id, shipment.products.map((product) => product.sku)]),
        [
          [1010, ['TG-10007']],
          [1020, ['TG-10014']],
        ],
      );
      assert.ok(order.shipments.every((shipment) => shipment.status === 'LabeledCreated'));
    });

    it('lists the fulfillment centers, numbered as the ERP plants', async () => {
      const centers = (await wms.get('/2026-01/fulfillment-center').expect(200)).body as Array<{ id: number; name: string; city: string }>;
      assert.deepEqual(
        centers.map((center) => [center.id, center.name]),
        seed.warehouses.map((warehouse) => [Number(warehouse.id), warehouse.name]),
      );
    });
  });

  describe('packing', () => {
    it('packs full cases and loose eaches into cartons with valid SSCC-18s whose contents sum to the order', async () => {
      const gloves = item('TG-10001');
      const order = (
        await wms
          .createOrder(
            orderBody('PK-1', [
              { reference_id: 'TG-10001', quantity: 1, quantity_unit_of_measure_code: 'CS' },
              { reference_id: 'TG-10002', quantity: 3 },
              { reference_id: 'TG-10001', quantity: 4 },
            ], { location_id: 1010 }),
          )
          .expect(201)
      ).body as OrderJson;
      const shipment = order.shipments[0] as ShipmentJson;
      assert.equal(shipment.parent_cartons.length, 1);
      assert.equal(shipment.parent_cartons[0]?.barcode, null, 'a small shipment travels loose, without a pallet');
      const cartons = allCartons(shipment);
      assert.ok(cartons.length >= 2);
      for (const carton of cartons) assert.ok(isValidSscc(carton.barcode), `${carton.barcode} is an SSCC-18`);
      assert.equal(new Set(cartons.map((carton) => carton.barcode)).size, cartons.length, 'SSCCs are unique');
      assert.ok(cartons.every((carton) => carton.barcode.slice(1, 8) === '0614141'), 'GS1 company prefix 0614141');
      assert.deepEqual(Object.fromEntries(packedEaches(shipment)), { 'TG-10001': gloves.caseSize + 4, 'TG-10002': 3 });
      const caseCarton = cartons.find((carton) => carton.type === 'Case');
      assert.equal(caseCarton?.carton_details[0]?.products[0]?.inventory_items[0]?.quantity, gloves.caseSize);
      assert.equal(shipment.tracking?.scac, 'UPSN');
      assert.match(shipment.tracking?.tracking_number ?? '', /^1Z[0-9A-Z]{16}$/);
    });

    it('puts a large shipment on pallets; every carton sits on a pallet with its own SSCC', async () => {
      const gloves = item('TG-10001');
      const order = (
        await wms.createOrder(orderBody('PK-2', [{ reference_id: 'TG-10001', quantity: 60, quantity_unit_of_measure_code: 'CS' }], { location_id: 1010 })).expect(201)
      ).body as OrderJson;
      const shipment = order.shipments[0] as ShipmentJson;
      assert.ok(shipment.parent_cartons.length >= 2, 'more than one pallet for 60 cases');
      for (const pallet of shipment.parent_cartons) {
        assert.equal(pallet.type, 'Pallet');
        assert.ok(isValidSscc(pallet.barcode));
        assert.equal(pallet.barcode?.[0], '1', 'extension digit 1 for pallets');
        assert.ok(pallet.cartons.length > 0 && pallet.cartons.length <= 40);
      }
      const cartons = allCartons(shipment);
      assert.equal(cartons.length, 60);
      assert.ok(cartons.every((carton) => isValidSscc(carton.barcode) && carton.barcode[0] === '0'));
      assert.equal(packedEaches(shipment).get('TG-10001'), 60 * gloves.caseSize);
      assert.equal(shipment.tracking?.scac, 'ODFL');
      assert.ok(shipment.tracking?.pro_number);
      assert.match(shipment.tracking?.bol ?? '', /^\d{17}$/);
    });

    it('does not pack what it cannot commit: the shipment waits in Exception, out of stock, and counts as backordered', async () => {
      const empty = item('TG-10010');
      assert.equal(stock('TG-10010', '1010').onHand, 0);
      const order = (await wms.createOrder(orderBody('BO-1', [{ reference_id: 'TG-10010', quantity: 3 }], { location_id: 1010 })).expect(201)).body as OrderJson;
      assert.equal(order.status, 'Exception');
      const shipment = order.shipments[0] as ShipmentJson;
      assert.equal(shipment.status, 'Exception');
      assert.deepEqual(shipment.parent_cartons, []);
      assert.equal(shipment.tracking, null);
      assert.equal(shipment.status_details[0]?.name, 'OutOfStock');
      const level = await levelAt(wms, 7000010, 1010);
      assert.equal(level.backordered_quantity, 3);
      assert.equal(level.awaiting_quantity, 50 * empty.caseSize, 'an empty center has a receipt on its way');
      const refused = await wms.ship(order.id).expect(409);
      assert.ok(Array.isArray(refused.body.errors));
    });
  });

  describe('shipping and stock', () => {
    it('commits stock on creation and takes it out on shipping, on demand', async () => {
      const start = stock('TG-10002', '1010');
      const created = (await wms.createOrder(orderBody('ST-1', [{ reference_id: 'TG-10002', quantity: 7 }], { location_id: 1010 })).expect(201)).body as OrderJson;
      let level = await levelAt(wms, 7000002, 1010);
      assert.deepEqual([level.on_hand_quantity, level.committed_quantity, level.fulfillable_quantity], [start.onHand, start.committed + 7, start.onHand - start.committed - 7]);

      const shipped = (await wms.ship(created.id).expect(200)).body as OrderJson;
      assert.equal(shipped.status, 'Fulfilled');
      const shipment = shipped.shipments[0] as ShipmentJson;
      assert.equal(shipment.status, 'Completed');
      assert.ok(shipment.actual_fulfillment_date);
      assert.equal(shipment.tracking?.shipping_date, shipment.actual_fulfillment_date);
      level = await levelAt(wms, 7000002, 1010);
      assert.deepEqual([level.on_hand_quantity, level.committed_quantity], [start.onHand - 7, start.committed]);

      // Shipping twice changes nothing.
      await wms.ship(created.id).expect(200);
      assert.equal((await levelAt(wms, 7000002, 1010)).on_hand_quantity, start.onHand - 7);
      await wms.ship(99_999_999).expect(404);
    });

    it('ships by itself after shipDelayMs', async () => {
      const quick = await startWmsFixture({ shipDelayMs: 100 });
      try {
        const created = (await quick.createOrder(orderBody('AUTO-1', [{ reference_id: 'TG-10003', quantity: 2 }])).expect(201)).body as OrderJson;
        assert.equal(created.shipments[0]?.status, 'LabeledCreated');
        await new Promise((resolve) => setTimeout(resolve, 250));
        const later = (await quick.get(`/2026-01/order/${created.id}`).expect(200)).body as OrderJson;
        assert.equal(later.status, 'Fulfilled');
        assert.equal(later.shipments[0]?.status, 'Completed');
      } finally {
        await quick.server.close();
      }
    });

    it('a reset cancels pending automatic shipments', async () => {
      const quick = await startWmsFixture({ shipDelayMs: 100 });
      try {
        await quick.createOrder(orderBody('AUTO-2', [{ reference_id: 'TG-10003', quantity: 2 }])).expect(201);
        await quick.reset();
        await new Promise((resolve) => setTimeout(resolve, 200));
        const start = stock('TG-10003', '1010');
        assert.equal((await levelAt(quick, 7000003, 1010)).on_hand_quantity, start.onHand);
      } finally {
        await quick.server.close();
      }
    });
  });
});
