/** The ShipBob adapter's pure parts, no server: status mapping, line attribution, handling units, error messages. */
import assert from 'node:assert/strict';
import type { ShipBobOrder, ShipBobShipment } from '../../../apis/system/wms/adapters/shipbob/dialect';
import {
  isSscc,
  releaseStatus,
  shipmentStatus,
  toConfirmations,
  toCreateOrder,
  toInventoryPositions,
  toOrderRelease,
} from '../../../apis/system/wms/adapters/shipbob/mapping';
import { wmsMessages } from '../../../apis/system/wms/adapters/shipbob/shipbob-adapter';
import { release } from './support';

function shipment(overrides: Partial<ShipBobShipment> = {}): ShipBobShipment {
  return { id: 1, order_id: 10, reference_id: 'SO-1', status: 'Processing', location: { id: 1010, name: 'Columbus' }, ...overrides };
}

function carton(barcode: string | null, sku: string, quantity: number, weightOz = 100) {
  return {
    id: 1,
    barcode,
    type: 'Box',
    measurements: { total_weight_oz: weightOz },
    carton_details: [{ products: [{ sku, reference_id: sku, inventory_items: [{ id: 7, quantity }] }] }],
  };
}

function order(overrides: Partial<ShipBobOrder> = {}): ShipBobOrder {
  return {
    id: 10,
    reference_id: 'SO-1',
    order_number: 'SO-1',
    status: 'Processing',
    created_date: '2026-11-28T09:00:00Z',
    products: [],
    shipments: [],
    tags: [],
    ...overrides,
  };
}

describe('ShipBob adapter mapping', () => {
  it('maps shipment statuses to release statuses', () => {
    assert.equal(shipmentStatus(shipment({ status: 'Completed' })), 'SHIPPED');
    assert.equal(shipmentStatus(shipment({ status: 'LabeledCreated' })), 'PACKED');
    assert.equal(shipmentStatus(shipment({ status: 'Processing' })), 'RELEASED');
    assert.equal(shipmentStatus(shipment({ status: 'Processing', status_details: [{ name: 'Picked', description: null }] })), 'PICKING');
    for (const status of ['Exception', 'OnHold', 'None', 'ImportReview', 'SomethingNew']) assert.equal(shipmentStatus(shipment({ status })), 'RELEASED');
    for (const status of ['Cancelled', 'CleanSweeped']) assert.equal(shipmentStatus(shipment({ status })), 'CANCELLED');
  });

  it('takes the least advanced live shipment as the release status', () => {
    assert.equal(releaseStatus(order({ shipments: [shipment({ id: 1, status: 'Completed' }), shipment({ id: 2, status: 'LabeledCreated' })] })), 'PACKED');
    assert.equal(releaseStatus(order({ shipments: [shipment({ id: 1, status: 'Completed' }), shipment({ id: 2, status: 'Cancelled' })] })), 'SHIPPED');
    assert.equal(releaseStatus(order({ shipments: [shipment({ status: 'Cancelled' })] })), 'CANCELLED');
    assert.equal(releaseStatus(order({ status: 'Cancelled', shipments: [] })), 'CANCELLED');
    assert.equal(releaseStatus(order({ shipments: [] })), 'RELEASED');
  });

  it('sends the release in ShipBob\'s shape, line numbers as tags', () => {
    const body = toCreateOrder(release(), [2, 5], new Date('2026-11-28T09:00:00Z'));
    assert.equal(body.reference_id, '1000001');
    assert.equal(body.location_id, 1010);
    assert.deepEqual(body.recipient.address, {
      address1: '4951 Logistics Way',
      address2: 'Dock 4',
      company_name: 'Globex Facilities Group - Main DC',
      city: 'Columbus',
      state: 'OH',
      zip_code: '43215',
      country: 'US',
    });
    assert.deepEqual(body.products, [
      { reference_id: 'TG-10001', quantity: 2, quantity_unit_of_measure_code: 'CS', external_line_id: 1 },
      { reference_id: 'TG-10002', quantity: 5, quantity_unit_of_measure_code: 'EA', external_line_id: 2 },
    ]);
    assert.deepEqual(body.tags, [
      { name: 'line:1', value: '00010' },
      { name: 'line:2', value: 'A-20' },
    ]);
    assert.equal(body.retailer_program_data.shipByDate, '2026-12-01T00:00:00Z');
  });

  it('reads line numbers from tags, falling back to the external line id', () => {
    const mapped = toOrderRelease(
      order({
        products: [
          { reference_id: 'A', quantity: 1, quantity_unit_of_measure_code: 'EA', external_line_id: 1 },
          { reference_id: 'B', quantity: 2, quantity_unit_of_measure_code: null, external_line_id: 7 },
          { sku: 'C', quantity: 3, quantity_unit_of_measure_code: 'CS', external_line_id: null },
        ],
        tags: [{ name: 'line:1', value: '0001' }],
      }),
    );
    assert.deepEqual(
      mapped.lines.map((line) => [line.lineNumber, line.material, line.quantity.value, line.quantity.uom]),
      [
        ['0001', 'A', '1', 'EA'],
        ['7', 'B', '2', 'EA'],
        ['3', 'C', '3', 'CS'],
      ],
    );
  });

  it('attributes carton contents to lines of the same item in line order, sizing case lines from what shipped', () => {
    const shipped = order({
      products: [
        { reference_id: 'A', quantity: 2, quantity_unit_of_measure_code: 'CS', external_line_id: 1 },
        { reference_id: 'A', quantity: 3, quantity_unit_of_measure_code: 'EA', external_line_id: 2 },
      ],
      tags: [
        { name: 'line:1', value: '10' },
        { name: 'line:2', value: '20' },
      ],
      shipments: [
        shipment({
          status: 'Completed',
          tracking: { carrier: 'UPS', scac: 'UPSN', carrier_service: 'Ground', tracking_number: '1Z', pro_number: null, bol: null, shipping_date: '2026-11-29T10:00:00Z' },
          products: [{ sku: 'A', reference_id: 'A', inventory_items: [{ quantity: 27 }] }],
          parent_cartons: [{ barcode: null, type: 'None', cartons: [carton('006141410000000012', 'A', 12), carton('006141410000000029', 'A', 12), carton('006141410000000036', 'A', 3)] }],
        }),
      ],
    });
    const [confirmation] = toConfirmations(shipped);
    assert.ok(confirmation);
    assert.deepEqual(
      confirmation.handlingUnits.map((unit) => unit.contents.map((content) => `${content.lineNumber}:${content.quantity.value}`)),
      [['10:12'], ['10:12'], ['20:3']],
    );
    assert.equal(confirmation.shipDate, '2026-11-29');
    assert.deepEqual(confirmation.carrier, { name: 'UPS', scac: 'UPSN', service: 'Ground', trackingNumbers: ['1Z'] });
    assert.equal(confirmation.handlingUnits[0]?.weightKg, (100 / 35.27396195).toFixed(3));
  });

  it('keeps a barcode that is not an SSCC as barcode, and parents cartons only to SSCC pallets', () => {
    const shipped = order({
      products: [{ reference_id: 'A', quantity: 1, quantity_unit_of_measure_code: 'EA', external_line_id: 1 }],
      shipments: [
        shipment({
          status: 'Completed',
          parent_cartons: [{ barcode: 'PLT-1', type: 'Pallet', cartons: [carton('BOX-1', 'A', 1)] }],
        }),
      ],
    });
    const [confirmation] = toConfirmations(shipped);
    assert.deepEqual(
      confirmation?.handlingUnits.map((unit) => [unit.type, unit.sscc, unit.barcode, unit.parentSscc]),
      [
        ['PALLET', undefined, 'PLT-1', undefined],
        ['CARTON', undefined, 'BOX-1', undefined],
      ],
    );
    assert.equal(confirmation?.handlingUnits[1]?.trackingNumber, undefined);
  });

  it('lists only shipped shipments as confirmations', () => {
    const mixed = order({ shipments: [shipment({ id: 1, status: 'LabeledCreated' }), shipment({ id: 2, status: 'Completed' })] });
    assert.deepEqual(toConfirmations(mixed).map((confirmation) => confirmation.shipmentId), ['2']);
  });

  it('checks SSCC check digits', () => {
    assert.ok(isSscc('106141411234567897'));
    assert.ok(!isSscc('106141411234567890'));
    assert.ok(!isSscc('10614141123456789'));
    assert.ok(!isSscc(null));
  });

  it('maps inventory levels to positions, leaving backordered out when the WMS does not report it', () => {
    const [position] = toInventoryPositions(
      { inventory_id: 7, sku: 'A', name: 'a', locations: [{ location_id: 1010, name: 'x', on_hand_quantity: 10, committed_quantity: 12, awaiting_quantity: null }] },
      undefined,
      '2026-11-28T09:00:00.000Z',
    );
    assert.deepEqual(position, {
      material: 'A',
      ids: [
        { scheme: 'SKU', value: 'A' },
        { scheme: 'WMS_INVENTORY_ID', value: '7' },
      ],
      warehouse: '1010',
      uom: 'EA',
      onHand: '10',
      available: '0',
      committed: '12',
      incoming: '0',
      asOf: '2026-11-28T09:00:00.000Z',
    });
  });

  it('reads the WMS\'s words from its error bodies', () => {
    assert.deepEqual(wmsMessages({ 'products[0].reference_id': ['No such product'], $: ['Bad body'] }, (field) => (field.startsWith('products') ? 'body.lines.0.material' : undefined)), {
      text: 'products[0].reference_id: No such product; Bad body',
      fields: [{ name: 'body.lines.0.material', message: 'No such product' }],
    });
    assert.equal(wmsMessages({ title: 'Not Found', detail: 'Order 1 does not exist', status: 404 }).text, 'Order 1 does not exist');
    assert.equal(wmsMessages('  plain text  ').text, 'plain text');
    assert.equal(wmsMessages(null).text, '');
    assert.equal(wmsMessages([1, 2]).text, '');
  });
});
