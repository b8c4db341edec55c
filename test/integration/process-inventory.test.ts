/**
 * The inventory process API through the real gateway and the sandbox ERP and WMS: the merge of the WMS's stock with
 * the ERP's available-to-promise per warehouse, against the numbers of the shared seed; replenishment dates; open
 * sales orders lowering what can be promised; staleness and feed ages with an injected clock; the warehouse→plant
 * map; and the 400/403/404 and platform-failure problems. The service-level cases build an InventoryService over
 * typed clients that call this same gateway's system tier over HTTP, as the runtime's does.
 */
import assert from 'node:assert/strict';
import { add } from '../../apis/canonical/decimal';
import { InventoryService, type InventoryServiceOptions } from '../../apis/process/inventory/inventory-service';
import { createInventoryProcessClient } from '../../apis/process/inventory/v1/client';
import type { ItemAvailability, WarehouseAvailability } from '../../apis/process/inventory/v1/models';
import { createErpSystemClient } from '../../apis/system/erp/v1/client';
import type { Availability } from '../../apis/system/erp/v1/models';
import { createWmsSystemClient } from '../../apis/system/wms/v1/client';
import { ConfigError, loadConfig } from '../../gateway/config';
import { createPlatformClient } from '../../gateway/http/platform-client';
import { createDistributorSeed, type SeedStock } from '../../sandbox/seed/distributor';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { WmsSandboxControls } from '../support/sandbox-controls';

const seed = createDistributorSeed();
const WAREHOUSES = seed.warehouses.map((warehouse) => warehouse.id);
/** The sandbox WMS expects a receipt of 50 cases where fewer than 5 cases are on hand (sandbox/wms/warehouse.ts). */
const WMS_LOW_STOCK_CASES = 5;
const WMS_REPLENISHMENT_CASES = 50;

function seedItem(material: string) {
  const item = seed.items.find((candidate) => candidate.material === material);
  assert.ok(item, `seed item ${material}`);
  return item;
}

function seedStock(warehouse: string, material: string): SeedStock {
  const level = seed.stock.find((candidate) => candidate.warehouseId === warehouse && candidate.material === material);
  assert.ok(level, `seed stock of ${material} in ${warehouse}`);
  return level;
}

/** What the WMS and (with no open orders) the ERP report for a seeded item and warehouse. */
function expectedFromSeed(warehouse: string, material: string): Pick<WarehouseAvailability, 'onHand' | 'available' | 'committed' | 'incoming' | 'erpAvailable' | 'promisable'> {
  const { onHand, committed } = seedStock(warehouse, material);
  const caseSize = seedItem(material).caseSize;
  const free = String(Math.max(0, onHand - committed));
  return {
    onHand: String(onHand),
    available: free,
    committed: String(committed),
    incoming: String(onHand < WMS_LOW_STOCK_CASES * caseSize ? WMS_REPLENISHMENT_CASES * caseSize : 0),
    erpAvailable: free,
    promisable: free,
  };
}

function warehouse(item: ItemAvailability, id: string): WarehouseAvailability {
  const found = item.warehouses.find((candidate) => candidate.warehouse === id);
  assert.ok(found, `warehouse ${id} of ${item.material}`);
  return found;
}

describe('inventory process API v1 (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let crm: Awaited<ReturnType<TestGateway['as']>>;
  let tiers: Awaited<ReturnType<TestGateway['as']>>;

  /** A typed client of one of this gateway's APIs, with the gateway's own service token, over real HTTP. */
  async function http(basePath: string) {
    return createPlatformClient({
      name: basePath,
      baseURL: `${gateway.url}${basePath}`,
      timeoutMs: 5000,
      retries: 0,
      retryBaseDelayMs: 10,
      headers: { Authorization: `Bearer ${await gateway.token('gateway-tiers')}` },
    });
  }

  /** An InventoryService like the runtime's, over this gateway's system tier, with the options given. */
  async function service(options: Partial<InventoryServiceOptions> = {}): Promise<InventoryService> {
    return new InventoryService({
      erp: createErpSystemClient(await http('/system/erp/v1')),
      wms: createWmsSystemClient(await http('/system/wms/v1')),
      staleAfterSeconds: 900,
      ...options,
    });
  }

  before(async () => {
    gateway = await startTestGateway();
    crm = await gateway.as('internal-crm');
    tiers = await gateway.as('gateway-tiers');
  });
  after(async () => {
    await gateway?.stop();
  });

  describe('the merge, against the seed', () => {
    it('merges the WMS position and the ERP’s ATP of every warehouse, in the base unit, with the total promisable', async () => {
      const response = await crm.get('/process/inventory/v1/items/TG-10001/availability').expect(200).expect('content-type', /json/);
      const item = response.body as ItemAvailability;
      const erpItem = seedItem('TG-10001');
      assert.equal(item.material, 'TG-10001');
      assert.equal(item.description, erpItem.description);
      assert.equal(item.uom, 'EA');
      assert.deepEqual(item.ids, [
        { scheme: 'ERP_MATERIAL', value: 'TG-10001' },
        { scheme: 'GTIN', value: erpItem.gtin },
        { scheme: 'SKU', value: 'TG-10001' },
        { scheme: 'WMS_INVENTORY_ID', value: '7000001' },
      ]);
      assert.deepEqual(item.warehouses.map((entry) => entry.warehouse), WAREHOUSES);
      for (const id of WAREHOUSES) {
        const entry = warehouse(item, id);
        assert.deepEqual(
          { onHand: entry.onHand, available: entry.available, committed: entry.committed, incoming: entry.incoming, erpAvailable: entry.erpAvailable, promisable: entry.promisable },
          expectedFromSeed(id, 'TG-10001'),
          `warehouse ${id}`,
        );
        assert.equal(entry.plant, id, 'sandbox warehouses are their plants');
        assert.equal(entry.stale, false);
        assert.equal(entry.nextAvailableDate, undefined, 'a healthy item has no replenishment due');
      }
      // The seed's own numbers, for a reader: 2700 on hand and 204 committed in Columbus.
      assert.deepEqual([warehouse(item, '1010').onHand, warehouse(item, '1010').committed, warehouse(item, '1010').promisable], ['2700', '204', '2496']);
      assert.equal(item.totalPromisable, add(WAREHOUSES.map((id) => expectedFromSeed(id, 'TG-10001').promisable), 0));
      assert.equal(item.totalPromisable, '5740');
    });

    it('dates the next availability from the ERP’s future ATP period for a short item, and shows what the WMS expects in', async () => {
      // TG-10007 is short everywhere (every 7th item): a few eaches, a receipt due at the WMS, a replenishment at the ERP.
      const item = (await crm.get('/process/inventory/v1/items/TG-10007/availability').expect(200)).body as ItemAvailability;
      const erp = (await crm.get('/system/erp/v1/items/TG-10007/availability').expect(200)).body as Availability[];
      const caseSize = seedItem('TG-10007').caseSize;
      for (const id of WAREHOUSES) {
        const entry = warehouse(item, id);
        const atp = erp.find((answer) => answer.plant === id);
        assert.ok(atp?.future[0], `the ERP expects a replenishment at ${id}`);
        assert.deepEqual(
          { onHand: entry.onHand, available: entry.available, committed: entry.committed, incoming: entry.incoming, erpAvailable: entry.erpAvailable, promisable: entry.promisable },
          expectedFromSeed(id, 'TG-10007'),
        );
        assert.equal(entry.incoming, String(WMS_REPLENISHMENT_CASES * caseSize));
        assert.equal(entry.nextAvailableDate, atp.future[0].from.slice(0, 10));
        assert.ok(entry.nextAvailableDate > new Date().toISOString().slice(0, 10), 'the replenishment is ahead');
      }
      assert.equal(item.totalPromisable, add(WAREHOUSES.map((id) => expectedFromSeed(id, 'TG-10007').promisable), 0));
    });

    it('promises nothing of an item out of stock everywhere, and says when it comes back', async () => {
      // TG-10010 (every 10th item) is out of stock in every warehouse.
      const item = (await crm.get('/process/inventory/v1/items/TG-10010/availability').expect(200)).body as ItemAvailability;
      assert.equal(item.totalPromisable, '0');
      for (const entry of item.warehouses) {
        assert.deepEqual([entry.onHand, entry.available, entry.erpAvailable, entry.promisable], ['0', '0', '0', '0']);
        assert.match(entry.nextAvailableDate ?? '', /^\d{4}-\d{2}-\d{2}$/);
      }
    });

    it('promises the smaller of the two: an open sales order lowers the ERP’s ATP before the WMS sees it', async () => {
      const before = (await crm.get('/process/inventory/v1/items/TG-10003/availability').expect(200)).body as ItemAvailability;
      const caseSize = seedItem('TG-10003').caseSize;
      // An order the ERP holds but has not released to the warehouse: 3 cases from Dallas.
      await tiers
        .post('/system/erp/v1/sales-orders')
        .send({ customerNumber: '0010100002', purchaseOrderNumber: `PO-INV-${Date.now()}`, lines: [{ lineNumber: '1', material: 'TG-10003', quantity: { value: '3', uom: 'CS' }, plant: '1020' }] })
        .expect(201);
      const after = (await crm.get('/process/inventory/v1/items/TG-10003/availability').expect(200)).body as ItemAvailability;
      const dallas = warehouse(after, '1020');
      const expected = expectedFromSeed('1020', 'TG-10003');
      assert.equal(dallas.available, expected.available, 'the WMS has not seen the order');
      assert.equal(dallas.erpAvailable, String(Number(expected.erpAvailable) - 3 * caseSize));
      assert.equal(dallas.promisable, dallas.erpAvailable);
      assert.deepEqual(warehouse(after, '1010'), { ...warehouse(before, '1010'), asOf: warehouse(after, '1010').asOf }, 'other warehouses unchanged');
      assert.equal(after.totalPromisable, add([before.totalPromisable, String(-3 * caseSize)], 0));
    });

    it('answers several items at once, in the order asked, once each, leaving out unknown items', async () => {
      const response = await crm.get('/process/inventory/v1/availability?material=TG-10002&material=NO-SUCH-ITEM&material=TG-10001&material=TG-10002').expect(200);
      const items = response.body as ItemAvailability[];
      assert.deepEqual(items.map((item) => item.material), ['TG-10002', 'TG-10001']);
      for (const id of WAREHOUSES) assert.equal(warehouse(items[0] as ItemAvailability, id).promisable, expectedFromSeed(id, 'TG-10002').promisable);
      const single = await crm.get('/process/inventory/v1/availability').query({ material: 'TG-10004' }).expect(200);
      assert.deepEqual(single.body.map((item: ItemAvailability) => item.material), ['TG-10004']);
    });

    it('serves the partner tier through its typed client', async () => {
      const client = createInventoryProcessClient(await http('/process/inventory/v1'));
      const one = await client.getItemAvailability('TG-10001');
      assert.equal(one?.totalPromisable, '5740');
      assert.equal(await client.getItemAvailability('NO-SUCH-ITEM'), undefined);
      assert.deepEqual((await client.listAvailability(['TG-10005', 'TG-10006'])).map((item) => item.material), ['TG-10005', 'TG-10006']);
      assert.deepEqual((await client.listFeedAges()).map((feed) => feed.warehouse), WAREHOUSES);
    });
  });

  describe('freshness, with an injected clock', () => {
    it('stamps each warehouse and the item with the oldest of their sources’ asOf', async () => {
      const started = Date.now();
      const item = await (await service()).availability('TG-10001');
      assert.ok(item);
      for (const entry of item.warehouses) {
        const at = Date.parse(entry.asOf);
        assert.ok(at >= started - 1000 && at <= Date.now(), `asOf ${entry.asOf} is the read time`);
        assert.ok(Date.parse(item.asOf) <= at, 'the item is as old as its oldest warehouse');
      }
      assert.equal(item.asOf, [...item.warehouses.map((entry) => entry.asOf)].sort()[0]);
    });

    it('flags a warehouse stale once its numbers are older than staleAfterSeconds, and not before', async () => {
      const fresh = await (await service({ staleAfterSeconds: 900, clock: () => new Date(Date.now() + 850_000) })).availability('TG-10001');
      assert.deepEqual(fresh?.warehouses.map((entry) => entry.stale), [false, false, false]);
      const late = await (await service({ staleAfterSeconds: 900, clock: () => new Date(Date.now() + 950_000) })).availability('TG-10001');
      assert.deepEqual(late?.warehouses.map((entry) => entry.stale), [true, true, true]);
    });

    it('reports the age of each warehouse’s inventory feed from the WMS’s latest asOf', async () => {
      const offsetMs = 1_000_000;
      const feeds = await (await service({ staleAfterSeconds: 900, clock: () => new Date(Date.now() + offsetMs) })).feedAges();
      assert.deepEqual(feeds.map((feed) => feed.warehouse), WAREHOUSES);
      for (const feed of feeds) {
        assert.ok(feed.ageSeconds >= offsetMs / 1000 && feed.ageSeconds < offsetMs / 1000 + 10, `age ${feed.ageSeconds}`);
        assert.equal(feed.stale, true);
      }
      const now = await crm.get('/process/inventory/v1/feeds').expect(200);
      for (const feed of now.body) {
        assert.ok(feed.ageSeconds >= 0 && feed.ageSeconds < 10);
        assert.equal(feed.stale, false);
        assert.ok(Number.isInteger(feed.ageSeconds));
      }
    });
  });

  describe('the warehouse→plant map', () => {
    it('reads the ERP’s ATP of the mapped plant', async () => {
      const item = await (await service({ warehousePlants: { '1010': '1030' } })).availability('TG-10001');
      assert.ok(item);
      const columbus = warehouse(item, '1010');
      assert.equal(columbus.plant, '1030');
      assert.equal(columbus.available, expectedFromSeed('1010', 'TG-10001').available);
      assert.equal(columbus.erpAvailable, expectedFromSeed('1030', 'TG-10001').erpAvailable);
      assert.equal(columbus.promisable, '1140', 'the smaller of 2496 (WMS 1010) and 1140 (ERP 1030)');
      assert.equal(warehouse(item, '1020').plant, '1020', 'unlisted warehouses are their own plant');
    });

    it('promises nothing from a warehouse whose plant the ERP reports no availability for', async () => {
      const item = await (await service({ warehousePlants: { '1020': '9990' } })).availability('TG-10001');
      assert.ok(item);
      const dallas = warehouse(item, '1020');
      assert.equal(dallas.erpAvailable, undefined);
      assert.equal(dallas.promisable, '0');
      assert.equal(item.totalPromisable, add([expectedFromSeed('1010', 'TG-10001').promisable, expectedFromSeed('1030', 'TG-10001').promisable], 0));
    });

    it('is a configuration key: process.inventory.{staleAfterSeconds, warehousePlants}, checked at start', () => {
      const defaults = loadConfig({ env: {} });
      assert.equal(defaults.process.inventory.staleAfterSeconds, 900);
      assert.deepEqual(defaults.process.inventory.warehousePlants, {});
      const set = loadConfig({ env: {}, overrides: { process: { inventory: { staleAfterSeconds: 60, warehousePlants: { '1010': '2010' } } } } });
      assert.equal(set.process.inventory.staleAfterSeconds, 60);
      assert.deepEqual(set.process.inventory.warehousePlants, { '1010': '2010' });
      assert.throws(() => loadConfig({ env: {}, overrides: { process: { inventory: { warehousePlants: { '1010': 'DALLAS' } } } } }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /process\.inventory\.warehousePlants/);
        return true;
      });
      assert.throws(() => loadConfig({ env: {}, overrides: { process: { inventory: { staleAfterSeconds: 0 } } } }), /process\.inventory\.staleAfterSeconds/);
    });

    it('refuses nonsense options when the service is built', () => {
      const clients = { erp: createErpSystemClient(createPlatformClient({ name: 'x', baseURL: 'http://127.0.0.1:9', timeoutMs: 10, retries: 0, retryBaseDelayMs: 0 })) };
      const wms = createWmsSystemClient(createPlatformClient({ name: 'y', baseURL: 'http://127.0.0.1:9', timeoutMs: 10, retries: 0, retryBaseDelayMs: 0 }));
      assert.throws(() => new InventoryService({ ...clients, wms, staleAfterSeconds: -1 }), TypeError);
      assert.throws(() => new InventoryService({ ...clients, wms, staleAfterSeconds: 900, concurrency: 0 }), TypeError);
    });
  });

  describe('problems', () => {
    it('404 for an item the ERP does not know', async () => {
      const response = await crm.get('/process/inventory/v1/items/NO-SUCH-ITEM/availability').expect(404).expect('content-type', /problem\+json/);
      assert.equal(response.body.code, 'ERR_NOT_FOUND');
      assert.match(response.body.detail, /Item 'NO-SUCH-ITEM' does not exist/);
      assert.equal(response.body.instance, '/process/inventory/v1/items/NO-SUCH-ITEM/availability');
    });

    it('400 for a malformed material, no material, or more than 50', async () => {
      const malformed = await crm.get('/process/inventory/v1/items/%20bad/availability').expect(400).expect('content-type', /problem\+json/);
      assert.equal(malformed.body.code, 'ERR_VALIDATION');
      assert.ok(malformed.body.errors.some((field: { name: string }) => field.name === 'material'), JSON.stringify(malformed.body));

      const none = await crm.get('/process/inventory/v1/availability').expect(400);
      assert.equal(none.body.code, 'ERR_VALIDATION');
      assert.ok(none.body.errors.some((field: { name: string }) => field.name === 'material'));

      const fifty = Array.from({ length: 50 }, (_, index) => `material=TG-${10001 + index}`).join('&');
      const ok = await crm.get(`/process/inventory/v1/availability?${fifty}`).expect(200);
      assert.equal(ok.body.length, 50);
      const tooMany = await crm.get(`/process/inventory/v1/availability?${fifty}&material=TG-10051`).expect(400).expect('content-type', /problem\+json/);
      assert.equal(tooMany.body.code, 'ERR_VALIDATION');
      assert.ok(tooMany.body.errors.some((field: { name: string }) => field.name === 'material'), JSON.stringify(tooMany.body));

      const oneBad = await crm.get('/process/inventory/v1/availability?material=TG-10001&material=bad%20one').expect(400);
      assert.equal(oneBad.body.code, 'ERR_VALIDATION');
    });

    it('403 naming process.inventory.read for a token without it; the scope is granted to internal-crm, architect and gateway-tiers', async () => {
      const ordersOnly = await gateway.as('internal-crm', 'process.orders.read');
      for (const path of ['/process/inventory/v1/items/TG-10001/availability', '/process/inventory/v1/availability?material=TG-10001', '/process/inventory/v1/feeds']) {
        const response = await ordersOnly.get(path).expect(403).expect('content-type', /problem\+json/);
        assert.equal(response.body.code, 'ERR_FORBIDDEN');
        assert.deepEqual(response.body.requiredScopes, ['process.inventory.read']);
        assert.match(response.headers['www-authenticate'] ?? '', /insufficient_scope.*process\.inventory\.read/);
      }
      const partner = await gateway.as('globex-dev');
      await partner.get('/process/inventory/v1/feeds').expect(403);
      for (const client of ['internal-crm', 'architect', 'gateway-tiers']) await (await gateway.as(client)).get('/process/inventory/v1/feeds').expect(200);
    });

    it('a failing WMS is a problem naming the platform failure, never a 500', async () => {
      const wms = new WmsSandboxControls(gateway.sandboxes.wms!);
      try {
        await wms.faults({ failNext: 1000, failStatus: 503 });
        const response = await crm.get('/process/inventory/v1/items/TG-10001/availability').expect(503).expect('content-type', /problem\+json/);
        assert.equal(response.body.code, 'ERR_PLATFORM_UNAVAILABLE');
        await crm.get('/process/inventory/v1/feeds').expect(503);
      } finally {
        await wms.clearFaults();
      }
      await crm.get('/process/inventory/v1/items/TG-10001/availability').expect(200);
    });
  });
});
