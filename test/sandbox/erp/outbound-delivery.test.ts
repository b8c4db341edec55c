/** API_OUTBOUND_DELIVERY_SRV;v=0002: deliveries of whole orders, read by reference, PostGoodsIssue, and the billing run. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { createSandboxErpApp, startSandboxErp } from '../../../sandbox/erp/server';
import { errorDetails, erpClient, erpClientOf, odata, orderBody, PASSWORD, SHIP_TO, SOLD_TO, USERNAME, type ErpClient } from './helpers';

const SERVICE = 'API_OUTBOUND_DELIVERY_SRV;v=0002';
const NOW = Date.UTC(2026, 11, 2, 15, 30);
const TODAY = Date.UTC(2026, 11, 2);

interface Entity {
  __metadata: { id: string; uri: string; type: string; etag?: string };
  [name: string]: unknown;
}

function results(body: unknown): Entity[] {
  return (body as { d: { results: Entity[] } }).d.results;
}

/** Pending timers of this process: a scheduled billing is one. */
function timers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

describe('sandbox ERP outbound deliveries (API_OUTBOUND_DELIVERY_SRV;v=0002)', function () {
  this.timeout(20000);
  let client: ErpClient;
  beforeEach(() => {
    client = erpClient({ now: () => NOW });
  });

  /** An order of two items: 2 CS of TG-10001 and 3 EA of TG-10002, from plant 1010. */
  const createOrder = async (purchaseOrder: string, target: ErpClient = client): Promise<string> => {
    const response = await target.post(
      'API_SALES_ORDER_SRV',
      '/A_SalesOrder',
      orderBody(purchaseOrder, [
        { SalesOrderItem: '10', Material: 'TG-10001', RequestedQuantity: '2', RequestedQuantityUnit: 'CS', ProductionPlant: '1010' },
        { SalesOrderItem: '20', Material: 'TG-10002', RequestedQuantity: '3', RequestedQuantityUnit: 'EA', ProductionPlant: '1010' },
      ]),
    );
    assert.equal(response.status, 201, response.text);
    return String(response.body.d.SalesOrder);
  };

  const wholeOrder = (salesOrder: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    DeliveryDocumentBySupplier: '30000001,30000002',
    to_DeliveryDocumentItem: {
      results: [
        { ReferenceSDDocument: salesOrder, ReferenceSDDocumentItem: '10', ActualDeliveryQuantity: '2', DeliveryQuantityUnit: 'CS' },
        { ReferenceSDDocument: salesOrder, ReferenceSDDocumentItem: '20', ActualDeliveryQuantity: '3', DeliveryQuantityUnit: 'EA' },
      ],
    },
    ...extra,
  });

  const createDelivery = (body: unknown, target: ErpClient = client) => target.post(SERVICE, '/A_OutbDeliveryHeader', body);

  const postGoodsIssue = async (delivery: string, ifMatch: string | undefined, target: ErpClient = client): Promise<request.Response> => {
    const token = await target.fetchToken(SERVICE);
    const call = target.agent.post(odata(`/${SERVICE}/PostGoodsIssue?DeliveryDocument='${delivery}'`)).auth(USERNAME, PASSWORD).set('Accept', 'application/json').set('x-csrf-token', token);
    return ifMatch === undefined ? call : call.set('If-Match', ifMatch);
  };

  const header = async (delivery: string, target: ErpClient = client): Promise<{ entity: Entity; etag: string }> => {
    const response = await target.get(`/${SERVICE}/A_OutbDeliveryHeader('${delivery}')?$expand=to_DeliveryDocumentItem`).expect(200);
    return { entity: response.body.d as Entity, etag: String(response.headers.etag) };
  };

  const atp = async (target: ErpClient = client): Promise<number> =>
    Number(
      (await target.get("/API_PRODUCT_AVAILY_INFO_BASIC/DetermineAvailabilityOf?SupplyingPlant='1010'&Material='TG-10001'&ATPCheckingRule='A'").expect(200)).body.d.results[0]
        .AvailableQuantityInBaseUnit,
    );

  const billingItems = async (salesOrder: string, target: ErpClient = client): Promise<Entity[]> =>
    results((await target.get(`/API_BILLING_DOCUMENT_SRV/A_BillingDocumentItem?$filter=${encodeURIComponent(`SalesDocument eq '${salesOrder}'`)}`).expect(200)).body);

  describe('creating a delivery', () => {
    it('delivers the whole order by deep insert: 201, Location, number from 80000001, items referencing the order', async () => {
      const salesOrder = await createOrder('PO-D1');
      const response = await createDelivery(wholeOrder(salesOrder));
      assert.equal(response.status, 201, response.text);
      const delivery = response.body.d as Entity;
      assert.equal(delivery.DeliveryDocument, '80000001');
      assert.match(String(response.headers.location), /\/sap\/opu\/odata\/sap\/API_OUTBOUND_DELIVERY_SRV;v=0002\/A_OutbDeliveryHeader\('80000001'\)$/);
      assert.equal(delivery.__metadata.uri, response.headers.location);
      assert.equal(delivery.__metadata.type, 'API_OUTBOUND_DELIVERY_SRV.A_OutbDeliveryHeaderType');
      assert.match(String(delivery.__metadata.etag), /^W\/".+"$/);
      assert.deepEqual(
        [delivery.DeliveryDocumentType, delivery.SoldToParty, delivery.ShipToParty, delivery.ShippingPoint, delivery.DeliveryDocumentBySupplier],
        ['LF', SOLD_TO, SHIP_TO, '1010', '30000001,30000002'],
      );
      assert.equal(delivery.CreationDate, `/Date(${TODAY})/`);
      assert.equal(delivery.OverallGoodsMovementStatus, 'A');
      assert.equal(delivery.ActualGoodsMovementDate, null);
      const items = (delivery.to_DeliveryDocumentItem as { results: Entity[] }).results;
      assert.deepEqual(
        items.map((i) => [i.DeliveryDocumentItem, i.ReferenceSDDocument, i.ReferenceSDDocumentItem, i.Material, i.ActualDeliveryQuantity, i.DeliveryQuantityUnit, i.GoodsMovementStatus]),
        [
          ['10', salesOrder, '10', 'TG-10001', '2', 'CS', 'A'],
          ['20', salesOrder, '20', 'TG-10002', '3', 'EA', 'A'],
        ],
      );
      const order = (await client.get(`/API_SALES_ORDER_SRV/A_SalesOrder('${salesOrder}')?$expand=to_Item`).expect(200)).body.d as Entity;
      assert.equal(order.OverallTotalDeliveryStatus, 'C');
      assert.equal(order.OverallSDProcessStatus, 'B');
      assert.ok((order.to_Item as { results: Entity[] }).results.every((i) => i.DeliveryStatus === 'C'));

      const second = await createDelivery(wholeOrder(await createOrder('PO-D2')));
      assert.equal(second.body.d.DeliveryDocument, '80000002');
    });

    it('reads a plain item array, leading zeros, and quantities and units left out (the open quantity)', async () => {
      const salesOrder = await createOrder('PO-ZEROS');
      const response = await createDelivery({
        to_DeliveryDocumentItem: [
          { ReferenceSDDocument: salesOrder.padStart(10, '0'), ReferenceSDDocumentItem: '000010' },
          { ReferenceSDDocument: salesOrder, ReferenceSDDocumentItem: '20' },
        ],
      });
      assert.equal(response.status, 201, response.text);
      const items = (response.body.d.to_DeliveryDocumentItem as { results: Entity[] }).results;
      assert.deepEqual(
        items.map((i) => [i.ReferenceSDDocument, i.ReferenceSDDocumentItem, i.ActualDeliveryQuantity, i.DeliveryQuantityUnit]),
        [
          [salesOrder, '10', '2', 'CS'],
          [salesOrder, '20', '3', 'EA'],
        ],
      );
      assert.equal(response.body.d.DeliveryDocumentBySupplier, '');
    });

    it('finds an order\'s delivery items by ReferenceSDDocument, and the header by key with its ETag', async () => {
      const first = await createOrder('PO-F1');
      const second = await createOrder('PO-F2');
      await createDelivery(wholeOrder(first)).then((r) => assert.equal(r.status, 201, r.text));
      await createDelivery(wholeOrder(second)).then((r) => assert.equal(r.status, 201, r.text));
      const found = results((await client.get(`/${SERVICE}/A_OutbDeliveryItem?$filter=${encodeURIComponent(`ReferenceSDDocument eq '${second}'`)}`).expect(200)).body);
      assert.deepEqual(
        found.map((i) => [i.DeliveryDocument, i.DeliveryDocumentItem, i.ReferenceSDDocument]),
        [
          ['80000002', '10', second],
          ['80000002', '20', second],
        ],
      );
      const { entity, etag } = await header('80000002');
      assert.equal(entity.DeliveryDocument, '80000002');
      assert.equal(etag, entity.__metadata.etag);
      assert.equal((entity.to_DeliveryDocumentItem as { results: Entity[] }).results.length, 2);
      await client.get(`/${SERVICE}/A_OutbDeliveryHeader('0080000002')`).expect(200);
      await client.get(`/${SERVICE}/A_OutbDeliveryHeader('80000099')`).expect(404);
    });

    it('is served as version 0002 only, like SAP Gateway, and accepts ;v=2', async () => {
      const unversioned = await client.get('/API_OUTBOUND_DELIVERY_SRV/A_OutbDeliveryHeader').expect(404);
      assert.match(unversioned.body.error.message.value, /name 'API_OUTBOUND_DELIVERY_SRV', version '0001'/);
      await client.get('/API_OUTBOUND_DELIVERY_SRV;v=2/A_OutbDeliveryHeader').expect(200);
      const metadata = await client.get(`/${SERVICE}/$metadata`).expect(200);
      assert.match(metadata.text, /<FunctionImport Name="PostGoodsIssue" ReturnType="API_OUTBOUND_DELIVERY_SRV.A_OutbDeliveryHeaderType" EntitySet="A_OutbDeliveryHeader" m:HttpMethod="POST">/);
      assert.match(metadata.text, /<EntitySet Name="A_OutbDeliveryHeader" EntityType="API_OUTBOUND_DELIVERY_SRV.A_OutbDeliveryHeaderType" sap:creatable="true"/);
    });

    it('needs the CSRF token for the create and for PostGoodsIssue', async () => {
      const salesOrder = await createOrder('PO-CSRF');
      const create = await client.agent.post(odata(`/${SERVICE}/A_OutbDeliveryHeader`)).auth(USERNAME, PASSWORD).send(wholeOrder(salesOrder)).expect(403);
      assert.equal(create.headers['x-csrf-token'], 'Required');
      await createDelivery(wholeOrder(salesOrder)).then((r) => assert.equal(r.status, 201, r.text));
      const action = await client.agent.post(odata(`/${SERVICE}/PostGoodsIssue?DeliveryDocument='80000001'`)).auth(USERNAME, PASSWORD).set('If-Match', '*').expect(403);
      assert.equal(action.headers['x-csrf-token'], 'Required');
      assert.equal((await header('80000001')).entity.OverallGoodsMovementStatus, 'A');
    });

    it('refuses what is not one whole order, with OData 400s naming the target, and creates nothing', async () => {
      const salesOrder = await createOrder('PO-BAD');
      const other = await createOrder('PO-OTHER');
      const refused = async (body: unknown, code: string, target: string, message: RegExp): Promise<void> => {
        const response = await createDelivery(body);
        assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
        const details = errorDetails(response.body);
        assert.ok(
          details.some((d) => d.code === code && d.target === target && message.test(d.message)),
          `${JSON.stringify(body)}: ${JSON.stringify(details)}`,
        );
      };
      const items = (wholeOrder(salesOrder).to_DeliveryDocumentItem as { results: Array<Record<string, unknown>> }).results;
      await refused(wholeOrder('1099999'), 'ZSBX/010', 'to_DeliveryDocumentItem(1)/ReferenceSDDocument', /Sales order 1099999 does not exist/);
      await refused({ to_DeliveryDocumentItem: { results: [items[0]] } }, 'ZSBX/012', 'to_DeliveryDocumentItem', /whole sales orders: item 20 .* is missing/);
      await refused({ to_DeliveryDocumentItem: [items[0], { ...items[1], ActualDeliveryQuantity: '1' }] }, 'ZSBX/012', 'to_DeliveryDocumentItem(2)/ActualDeliveryQuantity', /full quantities/);
      await refused({ to_DeliveryDocumentItem: [items[0], { ...items[1], DeliveryQuantityUnit: 'CS' }] }, 'ZSBX/007', 'to_DeliveryDocumentItem(2)/DeliveryQuantityUnit', /ordered in EA/);
      await refused({ to_DeliveryDocumentItem: [items[0], items[1], { ...items[1], ReferenceSDDocumentItem: '30' }] }, 'ZSBX/002', 'to_DeliveryDocumentItem(3)/ReferenceSDDocumentItem', /Item 30 .* does not exist/);
      await refused({ to_DeliveryDocumentItem: [items[0], items[1], items[1]] }, 'ZSBX/002', 'to_DeliveryDocumentItem(3)/ReferenceSDDocumentItem', /given twice/);
      await refused({ to_DeliveryDocumentItem: [items[0], items[1], { ReferenceSDDocument: other, ReferenceSDDocumentItem: '10' }] }, 'ZSBX/012', 'to_DeliveryDocumentItem', /one sales order per delivery/);
      await refused({ to_DeliveryDocumentItem: [] }, 'ZSBX/001', 'to_DeliveryDocumentItem', /at least one item/);
      await refused({ to_DeliveryDocumentItem: [{ ReferenceSDDocumentItem: '10' }] }, 'ZSBX/001', 'to_DeliveryDocumentItem(1)/ReferenceSDDocument', /required/);
      await refused({ to_DeliveryDocumentItem: [{ ...items[0], ActualDeliveryQuantity: 'two' }] }, 'ZSBX/006', 'to_DeliveryDocumentItem(1)/ActualDeliveryQuantity', /not a positive decimal/);
      await refused(wholeOrder(salesOrder, { ActualGoodsMovementDate: `/Date(${TODAY + 86_400_000})/` }), 'ZSBX/002', 'ActualGoodsMovementDate', /future day/);
      await refused(wholeOrder(salesOrder, { ActualGoodsMovementDate: 'yesterday' }), 'ZSBX/002', 'ActualGoodsMovementDate', /Edm.DateTime/);
      await refused(wholeOrder(salesOrder, { DeliveryDocumentBySupplier: 'X'.repeat(36) }), 'ZSBX/002', 'DeliveryDocumentBySupplier', /longer than 35/);
      assert.equal((await createDelivery([wholeOrder(salesOrder)])).status, 400);
      assert.equal((await client.get(`/${SERVICE}/A_OutbDeliveryHeader?$inlinecount=allpages`).expect(200)).body.d.__count, '0');
    });

    it('refuses a second delivery for a delivered order, naming the delivery it has', async () => {
      const salesOrder = await createOrder('PO-TWICE');
      await createDelivery(wholeOrder(salesOrder)).then((r) => assert.equal(r.status, 201, r.text));
      const again = await createDelivery(wholeOrder(salesOrder));
      assert.equal(again.status, 400);
      assert.equal(again.body.error.code, 'ZSBX/011');
      assert.match(again.body.error.message.value, /already completely delivered \(delivery 80000001\)/);
      assert.equal((await client.get(`/${SERVICE}/A_OutbDeliveryHeader?$inlinecount=allpages`).expect(200)).body.d.__count, '1');
    });
  });

  describe('PostGoodsIssue', () => {
    it('posts goods issue with the delivery\'s ETag: statuses C, today\'s date, a new ETag, and the order billed at once', async () => {
      const salesOrder = await createOrder('PO-GI');
      await createDelivery(wholeOrder(salesOrder)).then((r) => assert.equal(r.status, 201, r.text));
      const before = await header('80000001');
      assert.deepEqual(await billingItems(salesOrder), [], 'not billed before goods issue');
      const posted = await postGoodsIssue('80000001', before.etag);
      assert.equal(posted.status, 200, posted.text);
      assert.equal(posted.body.d.DeliveryDocument, '80000001');
      assert.equal(posted.body.d.OverallGoodsMovementStatus, 'C');
      assert.equal(posted.body.d.ActualGoodsMovementDate, `/Date(${TODAY})/`);
      assert.equal(posted.body.d.OverallDelivReltdBillgStatus, 'C', 'billed as part of the goods issue, before it answered');
      const after = await header('80000001');
      assert.notEqual(after.etag, before.etag);
      assert.ok((after.entity.to_DeliveryDocumentItem as { results: Entity[] }).results.every((i) => i.GoodsMovementStatus === 'C'));

      // billingDelayMs defaults to 0: the billing run billed the order as part of the goods issue.
      const billed = await billingItems(salesOrder);
      assert.deepEqual(
        billed.map((i) => [i.SalesDocumentItem, i.ReferenceSDDocument, i.ReferenceSDDocumentItem, i.ReferenceSDDocumentCategory]),
        [
          ['10', '80000001', '10', 'J'],
          ['20', '80000001', '20', 'J'],
        ],
      );
      const document = (await client.get(`/API_BILLING_DOCUMENT_SRV/A_BillingDocument('${billed[0]?.BillingDocument}')`).expect(200)).body.d as Entity;
      assert.equal(document.BillingDocumentDate, `/Date(${TODAY})/`);
      const order = (await client.get(`/API_SALES_ORDER_SRV/A_SalesOrder('${salesOrder}')`).expect(200)).body.d as Entity;
      assert.equal(order.OverallSDProcessStatus, 'C');
      assert.equal((await header('80000001')).entity.OverallDelivReltdBillgStatus, 'C');
    });

    it('posts on the ActualGoodsMovementDate given at creation, and bills with that date', async () => {
      const salesOrder = await createOrder('PO-DATED');
      const dated = TODAY - 2 * 86_400_000;
      await createDelivery(wholeOrder(salesOrder, { ActualGoodsMovementDate: `/Date(${dated + 3_600_000})/` })).then((r) => assert.equal(r.status, 201, r.text));
      const posted = await postGoodsIssue('80000001', '*');
      assert.equal(posted.status, 200, posted.text);
      assert.equal(posted.body.d.ActualGoodsMovementDate, `/Date(${dated})/`);
      const [item] = await billingItems(salesOrder);
      const document = (await client.get(`/API_BILLING_DOCUMENT_SRV/A_BillingDocument('${item?.BillingDocument}')`).expect(200)).body.d as Entity;
      assert.equal(document.BillingDocumentDate, `/Date(${dated})/`);
    });

    it('refuses without If-Match (428), with a stale ETag (412), with GET (405), twice (400), and an unknown delivery (404)', async () => {
      const salesOrder = await createOrder('PO-GUARD');
      const created = await createDelivery(wholeOrder(salesOrder));
      const createdEtag = String(created.body.d.__metadata.etag);
      assert.equal((await postGoodsIssue('80000001', undefined)).status, 428);
      assert.equal((await postGoodsIssue('80000001', 'W/"\'999\'"')).status, 412);
      await client.get(`/${SERVICE}/PostGoodsIssue?DeliveryDocument='80000001'`).expect(405);
      assert.equal((await header('80000001')).entity.OverallGoodsMovementStatus, 'A', 'nothing was posted by the refusals');
      assert.equal((await postGoodsIssue('80000001', createdEtag)).status, 200);
      // The ETag changed with the posting: the one from creation is stale now.
      assert.equal((await postGoodsIssue('80000001', createdEtag)).status, 412);
      const twice = await postGoodsIssue('80000001', '*');
      assert.equal(twice.status, 400);
      assert.equal(twice.body.error.code, 'ZSBX/013');
      assert.equal((await postGoodsIssue('80000099', '*')).status, 404);
      assert.equal((await billingItems(salesOrder)).length, 2, 'billed once');
    });

    it('issues the stock once, at goods issue: available-to-promise does not move through delivery, goods issue and billing', async () => {
      const initial = await atp();
      const salesOrder = await createOrder('PO-STOCK');
      const afterOrder = await atp();
      assert.equal(afterOrder, initial - 20);
      await createDelivery(wholeOrder(salesOrder)).then((r) => assert.equal(r.status, 201, r.text));
      assert.equal(await atp(), afterOrder);
      await postGoodsIssue('80000001', '*').then((r) => assert.equal(r.status, 200, r.text));
      assert.equal((await billingItems(salesOrder)).length, 2, 'billed');
      // Issued twice (at goods issue and billing) would lower it; never issued would raise it once the order closed.
      assert.equal(await atp(), afterOrder);
      await request(client.app).post(`/__sandbox/orders/${salesOrder}/bill`).expect(200);
      assert.equal(await atp(), afterOrder);
    });
  });

  describe('the billing run and the controls', () => {
    it('bills billingDelayMs after goods issue, not before', async () => {
      const erp = erpClient({ now: () => NOW, billingDelayMs: 250 });
      const salesOrder = await createOrder('PO-LATER', erp);
      await createDelivery(wholeOrder(salesOrder), erp).then((r) => assert.equal(r.status, 201, r.text));
      await postGoodsIssue('80000001', '*', erp).then((r) => assert.equal(r.status, 200, r.text));
      assert.deepEqual(await billingItems(salesOrder, erp), []);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(await billingItems(salesOrder, erp), [], 'still waiting for the run');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await billingItems(salesOrder, erp)).length, 2);
    });

    it('the bill control ships and bills an order now: delivery, goods issue, billing, and the pending run dropped', async () => {
      const erp = erpClient({ now: () => NOW, billingDelayMs: 200 });
      const plain = await createOrder('PO-CTRL-1', erp);
      const billed = await request(erp.app).post(`/__sandbox/orders/${plain}/bill`).expect(201);
      assert.deepEqual(billed.body, { BillingDocument: '90000001', SalesOrder: plain, alreadyBilled: false });
      const delivery = await header('80000001', erp);
      assert.deepEqual([delivery.entity.OverallGoodsMovementStatus, delivery.entity.OverallDelivReltdBillgStatus], ['C', 'C']);
      assert.equal(results((await erp.get(`/${SERVICE}/A_OutbDeliveryItem?$filter=${encodeURIComponent(`ReferenceSDDocument eq '${plain}'`)}`).expect(200)).body).length, 2);

      // Goods issued through the service, billing pending: the control bills now, and the run does not bill again.
      const pending = await createOrder('PO-CTRL-2', erp);
      await createDelivery(wholeOrder(pending), erp).then((r) => assert.equal(r.status, 201, r.text));
      const idle = timers();
      await postGoodsIssue('80000002', '*', erp).then((r) => assert.equal(r.status, 200, r.text));
      assert.equal(timers(), idle + 1, 'billing is pending');
      const now = await request(erp.app).post(`/__sandbox/orders/${pending}/bill`).expect(201);
      assert.equal(now.body.BillingDocument, '90000002');
      assert.equal(timers(), idle, 'the pending billing was dropped');
      assert.equal(results((await erp.get(`/${SERVICE}/A_OutbDeliveryHeader?$inlinecount=allpages`).expect(200)).body).length, 2, 'no second delivery');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(results((await erp.get('/API_BILLING_DOCUMENT_SRV/A_BillingDocument').expect(200)).body).length, 2);
    });

    it('drops pending billings on reset and on close()', async () => {
      const erp = erpClient({ now: () => NOW, billingDelayMs: 60_000 });
      const salesOrder = await createOrder('PO-RESET', erp);
      await createDelivery(wholeOrder(salesOrder), erp).then((r) => assert.equal(r.status, 201, r.text));
      const before = timers();
      await postGoodsIssue('80000001', '*', erp).then((r) => assert.equal(r.status, 200, r.text));
      assert.equal(timers(), before + 1, 'the billing run waits');
      await request(erp.app).post('/__sandbox/reset').expect(204);
      assert.equal(timers(), before, 'reset dropped it');

      const server = await startSandboxErp({ billingDelayMs: 60_000 });
      try {
        const remote = erpClientOf(server.url);
        const salesOrderRemote = await createOrder('PO-CLOSE', remote);
        await createDelivery(wholeOrder(salesOrderRemote), remote).then((r) => assert.equal(r.status, 201, r.text));
        const running = timers();
        await postGoodsIssue('80000001', '*', remote).then((r) => assert.equal(r.status, 200, r.text));
        assert.equal(timers(), running + 1);
      } finally {
        await server.close();
      }
      assert.ok(timers() <= before, 'close() dropped it');
    });

    it('refuses a nonsensical billingDelayMs at start', () => {
      for (const billingDelayMs of [-1, 1.5, Number.NaN, 2 ** 31]) {
        assert.throws(() => createSandboxErpApp({ billingDelayMs }), /billingDelayMs/, String(billingDelayMs));
      }
      assert.throws(() => createSandboxErpApp({ billingDelayMS: 5 } as never), /unknown option 'billingDelayMS'/);
    });
  });
});
