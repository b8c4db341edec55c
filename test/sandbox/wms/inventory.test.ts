/** Inventory levels and products in the sandbox WMS: seeded as the ERP is, per center and in total, cursor-paged. */
import assert from 'node:assert/strict';
import { createDistributorSeed } from '../../../sandbox/seed/distributor';
import { startWmsFixture, type LocationLevelJson, type WmsFixture } from './helpers';

const seed = createDistributorSeed();

interface LocationsPage {
  items: Array<{ inventory_id: number; sku: string; name: string; locations: Array<LocationLevelJson & { name: string }> }>;
  first: string | null;
  prev: string | null;
  next: string | null;
  last: string | null;
}

describe('sandbox WMS inventory and products', () => {
  let wms: WmsFixture;

  before(async () => {
    wms = await startWmsFixture();
  });

  after(async () => {
    await wms.server.close();
  });

  it('reports every seeded item in every center with the seed\'s quantities', async () => {
    const page = (await wms.get('/2026-01/inventory-level/locations?PageSize=250').expect(200)).body as LocationsPage;
    assert.equal(page.items.length, seed.items.length);
    assert.equal(page.next, null);
    for (const row of seed.stock) {
      const levelItem = page.items.find((candidate) => candidate.sku === row.material);
      const level = levelItem?.locations.find((location) => location.location_id === Number(row.warehouseId));
      assert.ok(level, `${row.material} at ${row.warehouseId}`);
      assert.equal(level.on_hand_quantity, row.onHand);
      assert.equal(level.committed_quantity, row.committed);
      assert.equal(level.fulfillable_quantity, Math.max(0, row.onHand - row.committed));
      assert.equal(level.backordered_quantity, 0);
    }
  });

  it('follows cursors through every page exactly once; a cursor keeps its filters', async () => {
    const skus: string[] = [];
    let link: string | null = '/2026-01/inventory-level/locations?PageSize=100&LocationId=1020';
    let pages = 0;
    while (link) {
      const page = (await wms.get(link).expect(200)).body as LocationsPage;
      pages += 1;
      skus.push(...page.items.map((item) => item.sku));
      assert.ok(page.items.every((item) => item.locations.length === 1 && item.locations[0]?.location_id === 1020));
      if (pages === 1) assert.equal(page.prev, null);
      else assert.ok(page.first && page.prev);
      link = page.next;
    }
    assert.equal(pages, 3);
    assert.deepEqual(skus, seed.items.map((item) => item.material));
  });

  it('filters by inventory ids and by SKU search', async () => {
    const byIds = (await wms.get('/2026-01/inventory-level/locations?InventoryIds=7000002,7000001').expect(200)).body as LocationsPage;
    assert.deepEqual(byIds.items.map((item) => item.inventory_id), [7000001, 7000002]);
    const bySku = (await wms.get('/2026-01/inventory-level/locations?SearchBy=TG-10005').expect(200)).body as LocationsPage;
    assert.deepEqual(bySku.items.map((item) => item.sku), ['TG-10005']);
    const unknownCenter = (await wms.get('/2026-01/inventory-level/locations?LocationId=4040').expect(200)).body as LocationsPage;
    assert.deepEqual(unknownCenter.items, []);
  });

  it('totals an item over the centers', async () => {
    const rows = seed.stock.filter((row) => row.material === 'TG-10001');
    const totals = (await wms.get('/2026-01/inventory-level/7000001').expect(200)).body as Record<string, number | string>;
    assert.equal(totals.sku, 'TG-10001');
    assert.equal(totals.total_on_hand_quantity, rows.reduce((sum, row) => sum + row.onHand, 0));
    assert.equal(totals.total_committed_quantity, rows.reduce((sum, row) => sum + row.committed, 0));
    const list = (await wms.get('/2026-01/inventory-level?InventoryIds=7000001').expect(200)).body as { items: unknown[] };
    assert.deepEqual(list.items, [totals]);
  });

  it('serves products by SKU, barcode and search, with GTINs and inventory ids', async () => {
    const first = seed.items[0];
    assert.ok(first);
    const bySku = (await wms.get(`/2026-01/product?SKU=${first.material}`).expect(200)).body as {
      items: Array<{ id: number; variants: Array<{ sku: string; gtin: string; upc: string; barcodes: Array<{ value: string }>; inventory: { inventory_id: number } }> }>;
    };
    assert.equal(bySku.items.length, 1);
    const variant = bySku.items[0]?.variants[0];
    assert.equal(variant?.sku, first.material);
    assert.equal(variant?.gtin, first.gtin);
    assert.equal(variant?.upc, first.gtin.slice(1));
    assert.deepEqual(variant?.barcodes.map((barcode) => barcode.value), [first.gtin, first.caseGtin]);
    assert.equal(variant?.inventory.inventory_id, 7000001);
    const byCaseBarcode = (await wms.get(`/2026-01/product?Barcode=${first.caseGtin}`).expect(200)).body as { items: Array<{ id: number }> };
    assert.deepEqual(byCaseBarcode.items.map((product) => product.id), [5000001]);
    const search = (await wms.get('/2026-01/product?Search=nitrile&PageSize=5').expect(200)).body as { items: unknown[]; next: string | null };
    assert.equal(search.items.length, 5);
    assert.ok(search.next);
    await wms.get('/2026-01/product/5000001').expect(200);
  });
});
