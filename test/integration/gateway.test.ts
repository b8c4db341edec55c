/**
 * The whole gateway as a newcomer starts it: real HTTP, the sandbox ERP and WMS, tiers calling each other over
 * HTTP. Portal and catalog, health, the error contract, and one order followed from the partner tier into the ERP.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { loadCatalog, loadSpec } from '../../openapi/catalog';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { reached, waitForOrder, waitForPartnerOrder } from '../support/orders';
import { ErpSandboxControls } from '../support/sandbox-controls';

const PROBLEM = /^application\/problem\+json/;

describe('gateway (integration)', function () {
  this.timeout(30_000);
  let gateway: TestGateway;
  let crm: Awaited<ReturnType<TestGateway['as']>>;
  let globex: Awaited<ReturnType<TestGateway['as']>>;

  before(async () => {
    gateway = await startTestGateway();
    crm = await gateway.as('internal-crm');
    globex = await gateway.as('globex-dev');
  });
  after(async () => {
    await gateway?.stop();
  });

  describe('developer portal', () => {
    it('indexes every API version grouped by tier, with version and status', async () => {
      const response = await request(gateway.url).get('/portal/').expect(200).expect('content-type', /html/);
      for (const tier of ['partner', 'process', 'system']) assert.match(response.text, new RegExp(`<h2>${tier} APIs</h2>`));
      for (const entry of loadCatalog()) {
        assert.ok(response.text.includes(entry.title), `${entry.title} listed`);
        assert.ok(response.text.includes(`href="/portal/${entry.id}/"`), `${entry.id} linked`);
      }
      assert.match(response.text, /badge-active/);
    });

    it('publishes the catalog, and every spec it names is the committed OpenAPI 3 document', async () => {
      const { body } = await request(gateway.url).get('/portal/catalog.json').expect(200);
      const catalog = loadCatalog();
      assert.equal(body.apis.length, catalog.length);
      for (const entry of body.apis as Array<Record<string, unknown>>) {
        for (const key of ['tier', 'api', 'version', 'status', 'specUrl', 'docsUrl']) assert.ok(entry[key] !== undefined, `${key} present`);
        const spec = await request(gateway.url).get(entry.specUrl as string).expect(200);
        assert.match(spec.body.openapi, /^3\./);
        const committed = catalog.find((candidate) => candidate.id === `${entry.tier}/${entry.api}/v${entry.version}`);
        assert.ok(committed);
        assert.deepEqual(spec.body, loadSpec(committed));
        assert.ok(Object.keys(spec.body.paths as object).length > 0);
      }
    });

    it('serves a Swagger UI page per version, initialised with that version’s spec (not another’s)', async () => {
      await request(gateway.url).get('/portal/system/erp/v1').expect(301).expect('location', '/portal/system/erp/v1/');
      const page = await request(gateway.url).get('/portal/system/erp/v1/').expect(200);
      assert.match(page.text, /swagger-ui-init\.js/);
      const erpInit = await request(gateway.url).get('/portal/system/erp/v1/swagger-ui-init.js').expect(200);
      const wmsInit = await request(gateway.url).get('/portal/system/wms/v1/swagger-ui-init.js').expect(200);
      assert.match(erpInit.text, /"title": "ERP System API"/);
      assert.match(wmsInit.text, /"title": "WMS System API"/);
      assert.doesNotMatch(erpInit.text, /"title": "WMS System API"/);
      await request(gateway.url).get('/portal/system/erp/v1/swagger-ui.css').expect(200).expect('content-type', /css/);
    });

    it('lists the problem types the `type` URIs point to', async () => {
      const response = await request(gateway.url).get('/portal/problems').expect(200);
      assert.match(response.text, /id="ERR_VALIDATION"/);
      assert.match(response.text, /id="ERR_PLATFORM_TIMEOUT"/);
    });
  });

  describe('health', () => {
    it('is live and ready with both platforms up', async () => {
      await request(gateway.url).get('/health/live').expect(200).expect('content-type', /application\/health\+json/);
      const ready = await request(gateway.url).get('/health/ready').expect(200);
      const body = JSON.parse(ready.text);
      assert.equal(body.status, 'pass');
      assert.equal(body.checks.erp[0].status, 'pass');
      assert.equal(body.checks.wms[0].status, 'pass');
    });
  });

  describe('error contract (RFC 9457)', () => {
    it('answers an unknown route with a 404 problem', async () => {
      const response = await request(gateway.url).get('/system/erp/v9/nothing').expect(404).expect('content-type', PROBLEM);
      assert.equal(response.body.status, 404);
      assert.equal(response.body.code, 'ERR_ROUTE_NOT_FOUND');
      assert.equal(response.body.instance, '/system/erp/v9/nothing');
      assert.match(response.body.requestId, /.+/);
    });

    it('refuses a body that is not JSON with 415, malformed JSON with 400, an oversized one with 413', async () => {
      const notJson = await crm.post('/process/orders/v1/orders').set('content-type', 'text/plain').send('hello').expect(415);
      assert.equal(notJson.body.code, 'ERR_UNSUPPORTED_MEDIA_TYPE');
      const malformed = await crm.post('/process/orders/v1/orders').set('content-type', 'application/json').send('{"orderNumber": ').expect(400);
      assert.equal(malformed.body.code, 'ERR_MALFORMED_BODY');
      assert.doesNotMatch(JSON.stringify(malformed.body), /at JSON\.parse|node_modules|SyntaxError/);
      const huge = JSON.stringify({ padding: 'x'.repeat(300_000) });
      const tooLarge = await crm.post('/process/orders/v1/orders').set('content-type', 'application/json').send(huge).expect(413);
      assert.equal(tooLarge.body.code, 'ERR_PAYLOAD_TOO_LARGE');
    });

    it('takes an empty POST (Content-Length: 0) without a Content-Type: a body-less operation is not a 415', async () => {
      const architect = await gateway.as('architect');
      const response = await architect.post('/process/operations/v1/exceptions/exc_00000000000000000000000000000000/replay').set('content-length', '0').expect(404);
      assert.equal(response.body.code, 'ERR_NOT_FOUND');
    });

    it('names every failing field of an invalid body, and rejects unknown fields', async () => {
      const response = await globex
        .post('/partner/customers/v1/orders')
        .send({ purchaseOrderNumber: '', customerNumber: '123', lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '-2', unit: 'BOX' }], discount: '50%' })
        .expect(400)
        .expect('content-type', PROBLEM);
      assert.equal(response.body.code, 'ERR_VALIDATION');
      const names = (response.body.errors as Array<{ name: string }>).map((error) => error.name);
      for (const expected of ['body.purchaseOrderNumber', 'body.customerNumber', 'body.lines.0.quantity', 'body.lines.0.unit']) {
        assert.ok(names.some((name) => name.startsWith(expected)), `${expected} in ${names.join(', ')}`);
      }
      assert.match(JSON.stringify(response.body), /discount/, 'the unknown field is named');
    });

    it('never carries one request’s Location or status into the next (tsoa keeps them on the controller)', async () => {
      const created = await (await gateway.as('gateway-tiers'))
        .post('/system/erp/v1/sales-orders')
        .send({ customerNumber: '0010100003', purchaseOrderNumber: `PO-LEAK-${Date.now()}`, lines: [{ lineNumber: '1', material: 'TG-10001', quantity: { value: '1', uom: 'EA' } }] })
        .expect(201);
      assert.match(created.headers.location ?? '', /^\/system\/erp\/v1\/sales-orders\/\d+$/);
      const found = await crm.get('/system/erp/v1/sales-orders').query({ customerNumber: '0010100003', purchaseOrderNumber: 'none' }).expect(200);
      assert.equal(found.headers.location, undefined);
    });

    it('never shows a stack trace or framework banner', async () => {
      const response = await crm.get('/system/erp/v1/customers/not-a-number').expect(400);
      assert.equal(response.headers['x-powered-by'], undefined);
      assert.doesNotMatch(response.text, /\bat .+\.(ts|js):\d+/);
    });
  });

  describe('an order followed through all three tiers', () => {
    it('goes partner → process → system ERP → sandbox ERP and back, under one correlation id', async () => {
      const correlationId = `it-${Date.now()}`;
      const placed = await globex
        .post('/partner/customers/v1/orders')
        .set('X-Correlation-Id', correlationId)
        .send({
          purchaseOrderNumber: `PO-E2E-${Date.now()}`,
          customerNumber: '0010100001',
          shipTo: '0010200001',
          lines: [
            { lineNumber: '1', sku: 'TG-10001', quantity: '2', unit: 'CS' },
            { lineNumber: '2', gtin: '0614141000029', quantity: '5', unit: 'EA' },
          ],
        })
        .expect(201);
      assert.equal(placed.headers['x-correlation-id'], correlationId);
      assert.equal(placed.headers.location, `/partner/customers/v1/orders/${placed.body.id}`);
      // Taken in at once; the process tier's workflow posts it to the ERP afterwards.
      assert.equal(placed.body.status, 'RECEIVED', JSON.stringify(placed.body));
      const confirmed = await waitForPartnerOrder(globex, placed.headers.location as string);
      assert.equal(confirmed.status, 'CONFIRMED', JSON.stringify(confirmed));
      assert.match(confirmed.salesOrderNumber, /^\d+$/);
      assert.equal(confirmed.lines.length, 2);
      for (const line of confirmed.lines) assert.equal(line.status, 'ACCEPTED');

      // Read back at the process tier, once the workflow rests (released to the warehouse), and at the partner tier.
      const processed = await waitForOrder(crm, placed.body.id, reached('RELEASED'));
      assert.equal(processed.correlationId, correlationId);
      const processRecord = await crm.get(`/process/orders/v1/orders/${placed.body.id}`).expect(200);
      assert.equal(processRecord.body.correlationId, correlationId);
      assert.deepEqual(processRecord.body.history.map((step: { status: string }) => step.status), ['RECEIVED', 'VALIDATED', 'PRICED', 'POSTED']);
      const again = await globex.get(placed.headers.location as string).expect(200);
      // The same order as confirmed; only `updatedAt` moved, as the workflow acknowledged and released it.
      assert.deepEqual({ ...again.body, updatedAt: undefined }, { ...confirmed, updatedAt: undefined });

      // The system API and the platform hold the very same order.
      const erpOrder = await crm.get(`/system/erp/v1/sales-orders/${confirmed.salesOrderNumber}`).expect(200);
      assert.equal(erpOrder.body.purchaseOrderNumber, placed.body.purchaseOrderNumber);
      assert.equal(erpOrder.body.customerNumber, '0010100001');
      assert.equal(erpOrder.body.shipTo, '0010200001');
      assert.deepEqual(erpOrder.body.lines.map((line: { lineNumber: string }) => line.lineNumber), ['1', '2']);
      assert.equal(erpOrder.body.netAmount.amount, confirmed.total);

      // One correlation id at every hop: each tier's access log (the workflow's calls too, made after the 201), and
      // the platform's own request journal.
      const paths = gateway
        .logLines()
        .filter((line) => line.message === 'request' && line.correlationId === correlationId)
        .map((line) => String(line.path));
      assert.ok(paths.some((path) => path.startsWith('/partner/customers/v1/orders')), 'partner hop');
      assert.ok(paths.some((path) => path.startsWith('/process/orders/v2/orders')), 'process hop');
      assert.ok(paths.some((path) => path.startsWith('/system/erp/v1/sales-orders')), 'system hop');
      const platformHits = (await new ErpSandboxControls(gateway.sandboxes.erp!).requests('/A_SalesOrder')).filter((entry) => entry.correlationId === correlationId);
      assert.ok(platformHits.some((entry) => entry.method === 'POST' && entry.path.endsWith('/A_SalesOrder')), 'platform hop');
    });

    it('keeps the correlation ids of orders in flight together apart, each on its own workflow’s calls', async () => {
      const stamp = Date.now();
      const orders = [0, 1, 2].map((index) => ({ correlationId: `together-${stamp}-${index}`, purchaseOrderNumber: `PO-TOGETHER-${stamp}-${index}` }));
      const placed = await Promise.all(
        orders.map((order) =>
          globex
            .post('/partner/customers/v1/orders')
            .set('X-Correlation-Id', order.correlationId)
            .send({ purchaseOrderNumber: order.purchaseOrderNumber, lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'EA' }] })
            .expect(201),
        ),
      );
      for (const response of placed) assert.equal((await waitForPartnerOrder(globex, response.headers.location as string)).status, 'CONFIRMED');
      const journal = await new ErpSandboxControls(gateway.sandboxes.erp!).requests('/A_SalesOrder');
      for (const order of orders) {
        // The ERP lookups that name the order's PO (posting exactly once looks first) carry its correlation id...
        const lookups = journal.filter((entry) => entry.method === 'GET' && decodeURIComponent(entry.query).includes(`'${order.purchaseOrderNumber}'`));
        assert.ok(lookups.length > 0, `the ERP was asked for ${order.purchaseOrderNumber}`);
        assert.deepEqual([...new Set(lookups.map((entry) => entry.correlationId))], [order.correlationId], order.purchaseOrderNumber);
        // ...and so does the one sales order posted for it.
        const posts = journal.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/A_SalesOrder') && entry.correlationId === order.correlationId);
        assert.equal(posts.length, 1, `one sales order posted under ${order.correlationId}`);
      }
    });
  });
});
