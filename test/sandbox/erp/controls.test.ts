/** The /__sandbox/ controls: billing an order, the request journal, fault injection and reset. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { createDistributorSeed } from '../../../sandbox/seed/distributor';
import { erpClient, odata, orderBody, PASSWORD, SOLD_TO, USERNAME, type ErpClient } from './helpers';

const seed = createDistributorSeed();

interface Entity {
  [name: string]: unknown;
}

describe('sandbox ERP controls', function () {
  this.timeout(20000);
  let client: ErpClient;
  beforeEach(() => {
    client = erpClient({ now: () => Date.UTC(2026, 11, 1, 12) });
  });

  const createOrder = async (purchaseOrder: string): Promise<string> => {
    const response = await client.post(
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

  describe('billing', () => {
    it('bills an order into a billing document from 90000001 with its items, tax and PO', async () => {
      const salesOrder = await createOrder('PO-BILL');
      const order = (await client.get(`/API_SALES_ORDER_SRV/A_SalesOrder('${salesOrder}')?$expand=to_Item`).expect(200)).body.d as Entity;
      const billed = await request(client.app).post(`/__sandbox/orders/${salesOrder}/bill`).expect(201);
      assert.deepEqual(billed.body, { BillingDocument: '90000001', SalesOrder: salesOrder, alreadyBilled: false });

      const document = (await client.get("/API_BILLING_DOCUMENT_SRV/A_BillingDocument('90000001')?$expand=to_Item").expect(200)).body.d as Entity;
      assert.equal(document.BillingDocumentType, 'F2');
      assert.equal(document.BillingDocumentDate, `/Date(${Date.UTC(2026, 11, 1)})/`);
      assert.equal(document.SoldToParty, SOLD_TO);
      assert.equal(document.PurchaseOrderByCustomer, 'PO-BILL');
      assert.equal(document.TotalNetAmount, order.TotalNetAmount);
      assert.equal(document.TransactionCurrency, 'USD');
      assert.equal(document.CustomerPaymentTerms, seed.customers[0]?.paymentTerms);
      const items = (document.to_Item as { results: Entity[] }).results;
      const orderItems = (order.to_Item as { results: Entity[] }).results;
      assert.deepEqual(
        items.map((i) => [i.BillingDocumentItem, i.SalesDocument, i.SalesDocumentItem, i.Material, i.BillingQuantity, i.BillingQuantityUnit, i.NetAmount]),
        orderItems.map((i) => [i.SalesOrderItem, salesOrder, i.SalesOrderItem, i.Material, i.RequestedQuantity, i.RequestedQuantityUnit, i.NetAmount]),
      );
      // A flat 6.25% per item, rounded half-up; the header is the sum of the items.
      const taxes = items.map((i) => Math.floor(Math.round(Number(i.NetAmount) * 100) * 0.0625 + 0.5));
      assert.deepEqual(items.map((i) => i.TaxAmount), taxes.map((t) => (t / 100).toFixed(2)));
      assert.equal(document.TotalTaxAmount, (taxes.reduce((a, b) => a + b, 0) / 100).toFixed(2));

      const bySalesDocument = await client.get(`/API_BILLING_DOCUMENT_SRV/A_BillingDocumentItem?$filter=${encodeURIComponent(`SalesDocument eq '${salesOrder}'`)}`).expect(200);
      assert.equal(bySalesDocument.body.d.results.length, 2);
      assert.ok((bySalesDocument.body.d.results as Entity[]).every((i) => i.BillingDocument === '90000001'));

      const completed = (await client.get(`/API_SALES_ORDER_SRV/A_SalesOrder('${salesOrder}')?$expand=to_Item`).expect(200)).body.d as Entity;
      assert.equal(completed.OverallSDProcessStatus, 'C');
      assert.ok((completed.to_Item as { results: Entity[] }).results.every((i) => i.SDProcessStatus === 'C' && i.DeliveryStatus === 'C'));
    });

    it('answers the same document when billed twice, numbers the next order on, and 404s an unknown order', async () => {
      const first = await createOrder('PO-B1');
      const second = await createOrder('PO-B2');
      await request(client.app).post(`/__sandbox/orders/${first}/bill`).expect(201);
      const again = await request(client.app).post(`/__sandbox/orders/${first}/bill`).expect(200);
      assert.deepEqual(again.body, { BillingDocument: '90000001', SalesOrder: first, alreadyBilled: true });
      const next = await request(client.app).post(`/__sandbox/orders/${second}/bill`).expect(201);
      assert.equal(next.body.BillingDocument, '90000002');
      await request(client.app).post('/__sandbox/orders/4242/bill').expect(404);
    });

    it('leaves available-to-promise unchanged: the open order becomes issued stock', async () => {
      const atp = async (): Promise<string> =>
        (await client.get("/API_PRODUCT_AVAILY_INFO_BASIC/DetermineAvailabilityOf?SupplyingPlant='1010'&Material='TG-10001'&ATPCheckingRule='A'").expect(200)).body.d.results[0]
          .AvailableQuantityInBaseUnit;
      const initial = await atp();
      const salesOrder = await createOrder('PO-GI');
      const afterOrder = await atp();
      assert.equal(Number(afterOrder), Number(initial) - 20);
      await request(client.app).post(`/__sandbox/orders/${salesOrder}/bill`).expect(201);
      assert.equal(await atp(), afterOrder);
    });
  });

  describe('request journal', () => {
    it('records method, path, x-correlation-id and traceparent, newest first, and never credentials or tokens', async () => {
      const token = await client.fetchToken('API_SALES_ORDER_SRV');
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      await client
        .get("/API_BUSINESS_PARTNER/A_Customer('0010100001')?sap-client=100")
        .set('x-correlation-id', 'corr-123')
        .set('traceparent', traceparent)
        .expect(200);
      await client.agent
        .post(odata('/API_SALES_ORDER_SRV/A_SalesOrder'))
        .auth(USERNAME, PASSWORD)
        .set('x-csrf-token', token)
        .set('x-correlation-id', 'corr-456')
        .send(orderBody('PO-J', [{ Material: 'TG-10001', RequestedQuantity: '1' }]))
        .expect(201);
      const journal = await request(client.app).get('/__sandbox/requests?limit=2').expect(200);
      const [latest, earlier] = journal.body.requests as Entity[];
      assert.equal(journal.body.requests.length, 2);
      assert.equal(latest?.method, 'POST');
      assert.equal(latest?.path, '/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder');
      assert.equal(latest?.correlationId, 'corr-456');
      assert.equal(latest?.traceparent, null);
      assert.equal(latest?.status, 201);
      assert.equal(earlier?.method, 'GET');
      assert.equal(earlier?.path, "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_Customer('0010100001')");
      assert.equal(earlier?.query, 'sap-client=100');
      assert.equal(earlier?.correlationId, 'corr-123');
      assert.equal(earlier?.traceparent, traceparent);

      const everything = JSON.stringify((await request(client.app).get('/__sandbox/requests').expect(200)).body);
      assert.ok(!everything.includes(Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')), 'no Authorization header');
      assert.ok(!everything.includes(token), 'no CSRF token');
      assert.ok(!everything.includes(PASSWORD), 'no password');
    });

    it('also records requests that failed logon, and refuses a bad limit', async () => {
      await request(client.app).get(odata('/API_PRODUCT_SRV/A_Product')).set('x-correlation-id', 'no-auth').expect(401);
      const journal = await request(client.app).get('/__sandbox/requests?limit=1').expect(200);
      assert.equal(journal.body.requests[0].correlationId, 'no-auth');
      assert.equal(journal.body.requests[0].status, 401);
      await request(client.app).get('/__sandbox/requests?limit=zero').expect(400);
    });

    it('keeps only the most recent requests', async () => {
      for (let i = 0; i < 205; i += 1) await client.get('/API_PRODUCT_SRV/A_Product?$top=0').set('x-correlation-id', `c-${i}`);
      const journal = await request(client.app).get('/__sandbox/requests?limit=1000').expect(200);
      assert.equal(journal.body.requests.length, 200);
      assert.equal(journal.body.requests[0].correlationId, 'c-204');
      assert.equal(journal.body.requests[199].correlationId, 'c-5');
    });
  });

  describe('fault injection', () => {
    it('fails the next N requests with the status asked for, then recovers', async () => {
      await request(client.app).post('/__sandbox/faults').send({ failNext: 2, failStatus: 503 }).expect(200);
      const failed = await client.get('/API_PRODUCT_SRV/A_Product?$top=1').expect(503);
      assert.equal(typeof failed.body.error.message.value, 'string');
      await client.get('/API_PRODUCT_SRV/A_Product?$top=1').expect(503);
      await client.get('/API_PRODUCT_SRV/A_Product?$top=1').expect(200);
    });

    it('delays every answer by latencyMs until cleared', async () => {
      await request(client.app).post('/__sandbox/faults').send({ latencyMs: 400 }).expect(200);
      let started = Date.now();
      await client.get('/API_PRODUCT_SRV/A_Product?$top=1').expect(200);
      assert.ok(Date.now() - started >= 390, 'slowed down');
      await request(client.app).delete('/__sandbox/faults').expect(200);
      started = Date.now();
      await client.get('/API_PRODUCT_SRV/A_Product?$top=1').expect(200);
      assert.ok(Date.now() - started < 390, 'back to normal');
    });

    it('merges settings, and refuses unknown or out-of-range options', async () => {
      await request(client.app).post('/__sandbox/faults').send({ latencyMs: 10 }).expect(200);
      const merged = await request(client.app).post('/__sandbox/faults').send({ failNext: 1, failStatus: 500 }).expect(200);
      assert.deepEqual(merged.body, { latencyMs: 10, failNext: 1, failStatus: 500 });
      await request(client.app).post('/__sandbox/faults').send({ failnext: 1 }).expect(400);
      await request(client.app).post('/__sandbox/faults').send({ failStatus: 200 }).expect(400);
      await request(client.app).post('/__sandbox/faults').send({ latencyMs: -1 }).expect(400);
      await request(client.app).post('/__sandbox/faults').send([1]).expect(400);
      await request(client.app).delete('/__sandbox/faults').expect(200);
      assert.deepEqual((await request(client.app).get('/__sandbox/faults').expect(200)).body, { latencyMs: 0, failNext: 0, failStatus: 503 });
    });
  });

  describe('reset', () => {
    it('restores the seed: orders, billing documents, numbering, stock, faults and the journal', async () => {
      const salesOrder = await createOrder('PO-R');
      await request(client.app).post(`/__sandbox/orders/${salesOrder}/bill`).expect(201);
      await request(client.app).post('/__sandbox/faults').send({ latencyMs: 5 }).expect(200);
      await request(client.app).post('/__sandbox/reset').expect(204);
      assert.equal((await client.get('/API_SALES_ORDER_SRV/A_SalesOrder?$inlinecount=allpages').expect(200)).body.d.__count, '0');
      assert.equal((await client.get('/API_BILLING_DOCUMENT_SRV/A_BillingDocument?$inlinecount=allpages').expect(200)).body.d.__count, '0');
      assert.deepEqual((await request(client.app).get('/__sandbox/faults').expect(200)).body.latencyMs, 0);
      const stock = seed.stock.find((s) => s.warehouseId === '1010' && s.material === 'TG-10001');
      assert.ok(stock);
      const atp = await client.get("/API_PRODUCT_AVAILY_INFO_BASIC/DetermineAvailabilityOf?SupplyingPlant='1010'&Material='TG-10001'&ATPCheckingRule='A'").expect(200);
      assert.equal(atp.body.d.results[0].AvailableQuantityInBaseUnit, String(stock.onHand - stock.committed));
      // Same PO again is fine after a reset, and numbering starts over.
      assert.equal(await createOrder('PO-R'), '1000001');
    });
  });
});
