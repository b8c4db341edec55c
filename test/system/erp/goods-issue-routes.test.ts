/**
 * POST /system/erp/v1/sales-orders/{salesOrderNumber}/goods-issue over HTTP against the real sandbox ERP, behind the
 * gateway's body parsing and problem handling, and the typed client (client.ts) the process tier calls it with.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import { createErpAdapter } from '../../../apis/system/erp/adapters';
import { createControllers } from '../../../apis/system/erp/v1';
import { createErpSystemClient } from '../../../apis/system/erp/v1/client';
import type { GoodsIssue, Invoice, SalesOrder, SalesOrderCreate } from '../../../apis/system/erp/v1/models';
import { GatewayError } from '../../../gateway/errors';
import { createPlatformClient } from '../../../gateway/http/platform-client';
import { startSandboxErp } from '../../../sandbox/erp/server';
import type { SandboxServer } from '../../../sandbox/types';
import { createApiTestApp } from '../../support/api-app';
import { ErpSandboxControls } from '../../support/sandbox-controls';
import { connectionTo, eventually } from './support';

const BASE = '/system/erp/v1';
/** The sandbox's today (it runs on the real clock here). */
const today = (): string => new Date().toISOString().slice(0, 10);

const ORDER: SalesOrderCreate = {
  customerNumber: '0010100001',
  shipTo: '0010200001',
  purchaseOrderNumber: 'PO-SHIP-1',
  lines: [
    { lineNumber: '1', material: 'TG-10001', quantity: { value: '2', uom: 'CS' } },
    { lineNumber: '2', material: 'TG-10002', quantity: { value: '5', uom: 'EA' } },
  ],
};

async function problem(test: request.Test, status: number, code: string): Promise<Record<string, unknown>> {
  const response = await test.expect(status).expect('content-type', /application\/problem\+json/);
  assert.equal(response.body.code, code);
  return response.body as Record<string, unknown>;
}

function fieldNames(body: Record<string, unknown>): string[] {
  return ((body.errors ?? []) as Array<{ name: string }>).map((field) => field.name);
}

describe('system/erp v1 routes: goods issue', function () {
  this.timeout(20000);
  let erp: SandboxServer;
  let controls: ErpSandboxControls;
  let app: Express;

  before(async () => {
    erp = await startSandboxErp();
    controls = new ErpSandboxControls(erp);
    app = createApiTestApp('system/erp/v1', createControllers({ erp: createErpAdapter(connectionTo(erp)) }));
  });

  after(async () => {
    await erp.close();
  });

  beforeEach(async () => {
    await controls.reset();
  });

  const createOrder = async (): Promise<SalesOrder> => (await request(app).post(`${BASE}/sales-orders`).send(ORDER).expect(201)).body as SalesOrder;
  const goodsIssue = (salesOrderNumber: string, body: unknown) => request(app).post(`${BASE}/sales-orders/${salesOrderNumber}/goods-issue`).send(body as object);

  it('posts goods issue: 201 the first time, 200 with alreadyPosted after, and the invoice and COMPLETED status follow', async () => {
    const order = await createOrder();
    assert.deepEqual((await request(app).get(`${BASE}/sales-orders/${order.salesOrderNumber}/invoices`).expect(200)).body, []);
    const posted = (await goodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] }).expect(201).expect('content-type', /application\/json/)).body as GoodsIssue;
    assert.deepEqual(posted, { deliveryNumber: '80000001', salesOrderNumber: order.salesOrderNumber, goodsIssueDate: today(), alreadyPosted: false });
    const again = (await goodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] }).expect(200)).body as GoodsIssue;
    assert.deepEqual(again, { ...posted, alreadyPosted: true });

    const invoices = (await request(app).get(`${BASE}/sales-orders/${order.salesOrderNumber}/invoices`).expect(200)).body as Invoice[];
    assert.equal(invoices.length, 1);
    assert.deepEqual(invoices[0]?.netAmount, order.netAmount);
    assert.equal(invoices[0]?.invoiceDate, today());
    assert.equal(((await request(app).get(`${BASE}/sales-orders/${order.salesOrderNumber}`).expect(200)).body as SalesOrder).status, 'COMPLETED');
  });

  it('takes the goods issue date given, and refuses a future one with 422 naming body.goodsIssueDate', async () => {
    const order = await createOrder();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const future = await problem(goodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'], goodsIssueDate: tomorrow }), 422, 'ERR_UNPROCESSABLE');
    assert.deepEqual(fieldNames(future), ['body.goodsIssueDate']);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const posted = (await goodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'], goodsIssueDate: yesterday }).expect(201)).body as GoodsIssue;
    assert.equal(posted.goodsIssueDate, yesterday);
  });

  it('answers 404 for an unknown order and 400 for a malformed number', async () => {
    const unknown = await problem(goodsIssue('1099999', { shipmentIds: ['30000001'] }), 404, 'ERR_NOT_FOUND');
    assert.match(String(unknown.detail), /1099999/);
    assert.equal(unknown.instance, `${BASE}/sales-orders/1099999/goods-issue`);
    const malformed = await problem(goodsIssue('SO-1', { shipmentIds: ['30000001'] }), 400, 'ERR_VALIDATION');
    assert.ok(fieldNames(malformed).some((name) => /salesOrderNumber$/.test(name)), fieldNames(malformed).join());
  });

  it('refuses malformed bodies with 400 naming the field, and asks the ERP nothing', async () => {
    const order = await createOrder();
    const cases: Array<[unknown, RegExp]> = [
      [{}, /shipmentIds$/],
      [{ shipmentIds: [] }, /shipmentIds$/],
      [{ shipmentIds: Array.from({ length: 51 }, (_, index) => String(30000001 + index)) }, /shipmentIds$/],
      [{ shipmentIds: ['shipment 1'] }, /shipmentIds\.0$/],
      [{ shipmentIds: ['X'.repeat(36)] }, /shipmentIds\.0$/],
      [{ shipmentIds: ['30000001'], goodsIssueDate: '2026-02-30' }, /goodsIssueDate$/],
      [{ shipmentIds: ['30000001'], goodsIssueDate: '02.12.2026' }, /goodsIssueDate$/],
      [{ shipmentIds: ['30000001'], carrier: 'UPS' }, /carrier$/],
    ];
    for (const [body, field] of cases) {
      const answer = await problem(goodsIssue(order.salesOrderNumber, body), 400, 'ERR_VALIDATION');
      assert.ok(fieldNames(answer).some((name) => field.test(name)), `${JSON.stringify(body)}: ${fieldNames(answer).join()}`);
    }
    assert.deepEqual((await controls.requests('OUTBOUND_DELIVERY')).length, 0);
    // Fifty is fine.
    await goodsIssue(order.salesOrderNumber, { shipmentIds: Array.from({ length: 50 }, (_, index) => String(30000001 + index)) }).expect(201);
  });

  it('answers 503 when the ERP is down', async () => {
    const down = await startSandboxErp();
    const downApp = createApiTestApp('system/erp/v1', createControllers({ erp: createErpAdapter(connectionTo(down)) }));
    await down.close();
    await problem(request(downApp).post(`${BASE}/sales-orders/1000001/goods-issue`).send({ shipmentIds: ['30000001'] }), 503, 'ERR_PLATFORM_UNAVAILABLE');
  });

  describe('the typed client', () => {
    let server: http.Server;
    let client: ReturnType<typeof createErpSystemClient>;

    before(async () => {
      server = http.createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const tier = createPlatformClient({ name: 'system/erp', baseURL: `http://127.0.0.1:${port}${BASE}`, timeoutMs: 5000, retries: 0, retryBaseDelayMs: 5 });
      client = createErpSystemClient(tier);
    });

    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('postGoodsIssue posts and repeats safely; getInvoices reads [] before billing, the invoice after, undefined for no order', async () => {
      const order = await client.createSalesOrder(ORDER);
      assert.deepEqual(await client.getInvoices(order.salesOrderNumber), []);
      const posted = await client.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001', '30000002'] });
      assert.deepEqual(posted, { deliveryNumber: '80000001', salesOrderNumber: order.salesOrderNumber, goodsIssueDate: today(), alreadyPosted: false });
      assert.equal((await client.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] })).alreadyPosted, true);
      const invoices = await client.getInvoices(order.salesOrderNumber);
      assert.equal(invoices?.length, 1);
      assert.equal(invoices?.[0]?.salesOrderNumber, order.salesOrderNumber);
      assert.equal(await client.getInvoices('1099999'), undefined);
      // The caller created the order it ships: an unknown one is a fault between the tiers, not the caller's 404.
      await assert.rejects(client.postGoodsIssue('1099999', { shipmentIds: ['30000001'] }), (error: GatewayError) => error.code === 'ERR_PLATFORM_BAD_GATEWAY');
      await assert.rejects(
        client.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'], goodsIssueDate: '2999-01-01' }),
        (error: GatewayError) => error.code === 'ERR_UNPROCESSABLE',
      );
    });

    it('getInvoices waits out a slow billing run: [] until the ERP bills', async () => {
      const slow = await startSandboxErp({ billingDelayMs: 300 });
      const slowApp = createApiTestApp('system/erp/v1', createControllers({ erp: createErpAdapter(connectionTo(slow)) }));
      const slowServer = http.createServer(slowApp);
      await new Promise<void>((resolve) => slowServer.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = slowServer.address() as AddressInfo;
        const slowClient = createErpSystemClient(createPlatformClient({ name: 'system/erp', baseURL: `http://127.0.0.1:${port}${BASE}`, timeoutMs: 5000, retries: 0, retryBaseDelayMs: 5 }));
        const order = await slowClient.createSalesOrder(ORDER);
        await slowClient.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] });
        assert.deepEqual(await slowClient.getInvoices(order.salesOrderNumber), []);
        await eventually(async () => ((await slowClient.getInvoices(order.salesOrderNumber)) ?? []).length === 1, 3000);
      } finally {
        slowServer.closeAllConnections();
        await new Promise<void>((resolve) => slowServer.close(() => resolve()));
        await slow.close();
      }
    });
  });
});
