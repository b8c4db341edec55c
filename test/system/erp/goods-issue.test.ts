/**
 * The S/4HANA adapter's goods issue against the real sandbox ERP over HTTP: delivery of the whole order, goods issue,
 * idempotency, and calls whose outcome is unknown or refused, through a proxy that breaks exactly the calls named.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createErpAdapter } from '../../../apis/system/erp/adapters';
import type { ErpAdapter } from '../../../apis/system/erp/adapters/erp-adapter';
import type { SalesOrderCreate } from '../../../apis/system/erp/v1/models';
import { GatewayError } from '../../../gateway/errors';
import { startSandboxErp } from '../../../sandbox/erp/server';
import type { SandboxServer } from '../../../sandbox/types';
import { ErpSandboxControls } from '../../support/sandbox-controls';
import { connectionTo, eventually, ODATA_ROOT } from './support';

const DELIVERY_SERVICE = 'API_OUTBOUND_DELIVERY_SRV;v=0002';
/** The sandbox's and the adapter's clock: 2 December 2026, afternoon. */
const NOW = Date.UTC(2026, 11, 2, 15, 30);
const TODAY = '2026-12-02';

const ORDER: SalesOrderCreate = {
  customerNumber: '0010100001',
  purchaseOrderNumber: 'PO-GI-1',
  lines: [
    { lineNumber: '1', material: 'TG-10001', quantity: { value: '2', uom: 'CS' } },
    { lineNumber: '2', material: 'TG-10002', quantity: { value: '3', uom: 'EA' } },
  ],
};

type Mode =
  /** Answer 500 without passing the request on: the ERP never saw it. */
  | 'fail-500'
  /** Pass it on, let the ERP do the work, and drop the connection: the answer is lost. */
  | 'lose-answer'
  /** Pass it on and never answer: the caller times out. */
  | 'hang'
  /** Pass it on, then answer 400 "already posted", as if someone else had posted it just before. */
  | 'forward-then-refuse'
  /** Answer this instead of the ERP. */
  | { status: number; body: unknown };

interface Rule {
  method: string;
  /** Matched against the percent-decoded URL. */
  path: RegExp;
  mode: Mode;
}

const ALREADY_POSTED = {
  error: {
    code: 'VL/602',
    message: { lang: 'en', value: 'Goods movement for delivery 80000001 already posted' },
    innererror: { errordetails: [{ code: 'VL/602', message: 'Goods movement for delivery 80000001 already posted', severity: 'error', target: '' }] },
  },
};

/** A pass-through proxy to the ERP that handles requests matching a rule as the rule says (each rule once). */
async function startProxy(target: string): Promise<{ url: string; use(rule: Rule): void; close(): Promise<void> }> {
  let rules: Rule[] = [];
  const server = http.createServer((incoming, outgoing) => {
    const url = decodeURIComponent(incoming.url ?? '');
    const rule = rules.find((candidate) => candidate.method === incoming.method && candidate.path.test(url));
    if (rule) rules = rules.filter((candidate) => candidate !== rule);
    const mode = rule?.mode;
    if (mode === 'fail-500' || (typeof mode === 'object' && mode !== null)) {
      incoming.resume();
      const { status, body } = mode === 'fail-500' ? { status: 500, body: { error: { code: 'X', message: { value: 'proxy says no' } } } } : mode;
      outgoing.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    const forward = http.request(`${target}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
      if (mode === 'lose-answer') {
        answer.resume();
        answer.on('end', () => outgoing.socket?.destroy());
        return;
      }
      if (mode === 'hang') {
        answer.resume();
        return;
      }
      if (mode === 'forward-then-refuse') {
        answer.resume();
        answer.on('end', () => outgoing.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(ALREADY_POSTED)));
        return;
      }
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.socket?.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    use: (rule) => {
      rules.push(rule);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Entity {
  [name: string]: unknown;
}

/** Reads the sandbox ERP directly (not through the adapter): what the ERP holds. */
async function odataGet(erp: SandboxServer, path: string): Promise<Entity[]> {
  const response = await fetch(`${erp.url}${ODATA_ROOT}/${path}`, {
    headers: { Accept: 'application/json', Authorization: `Basic ${Buffer.from('SANDBOX:sandbox').toString('base64')}` },
  });
  assert.equal(response.status, 200, path);
  return ((await response.json()) as { d: { results: Entity[] } }).d.results;
}

const deliveries = (erp: SandboxServer) => odataGet(erp, `${DELIVERY_SERVICE}/A_OutbDeliveryHeader?$expand=to_DeliveryDocumentItem`);

describe('system/erp s4hana adapter: goods issue', function () {
  this.timeout(20000);
  let erp: SandboxServer;
  let controls: ErpSandboxControls;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let adapter: ErpAdapter;

  before(async () => {
    erp = await startSandboxErp({ now: () => NOW });
    controls = new ErpSandboxControls(erp);
    proxy = await startProxy(erp.url);
    adapter = createErpAdapter(connectionTo({ url: proxy.url, close: async () => undefined }, { timeoutMs: 300 }), { now: () => new Date(NOW) });
  });

  after(async () => {
    await proxy.close();
    await erp.close();
  });

  beforeEach(async () => {
    await controls.reset();
  });

  /** POSTs the ERP received whose path contains `part`. */
  const posts = async (part: string): Promise<number> => (await controls.requests(part)).filter((entry) => entry.method === 'POST').length;

  it('delivers the whole order, keeps the shipments as external id, posts goods issue, and the ERP bills it', async () => {
    const order = await adapter.createSalesOrder(ORDER);
    const goodsIssue = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001', '30000002', '30000001'] });
    assert.deepEqual(goodsIssue, { deliveryNumber: '80000001', salesOrderNumber: order.salesOrderNumber, goodsIssueDate: TODAY, alreadyPosted: false });

    const [delivery, ...others] = await deliveries(erp);
    assert.equal(others.length, 0);
    assert.equal(delivery?.DeliveryDocumentBySupplier, '30000001,30000002');
    assert.equal(delivery?.OverallGoodsMovementStatus, 'C');
    assert.deepEqual(
      (delivery?.to_DeliveryDocumentItem as { results: Entity[] }).results.map((item) => [item.ReferenceSDDocument, item.ReferenceSDDocumentItem, item.ActualDeliveryQuantity, item.DeliveryQuantityUnit]),
      [
        [order.salesOrderNumber, '10', '2', 'CS'],
        [order.salesOrderNumber, '20', '3', 'EA'],
      ],
    );
    // The PostGoodsIssue call carried the delivery's ETag and its parameter in the URL.
    const [action] = await controls.requests('/PostGoodsIssue');
    assert.equal(action?.status, 200);
    assert.equal(decodeURIComponent(action?.query ?? ''), "DeliveryDocument='80000001'&sap-client=100");

    const invoices = await adapter.getInvoices(order.salesOrderNumber);
    assert.equal(invoices.length, 1);
    assert.equal(invoices[0]?.invoiceDate, TODAY);
  });

  it('is idempotent: asked again, it answers the same delivery with alreadyPosted and posts nothing', async () => {
    const order = await adapter.createSalesOrder(ORDER);
    const first = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] });
    const postsBefore = await posts(DELIVERY_SERVICE);
    const again = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000009'], goodsIssueDate: '2026-11-30' });
    assert.deepEqual(again, { ...first, alreadyPosted: true });
    assert.equal(await posts(DELIVERY_SERVICE), postsBefore, 'nothing posted the second time');
    assert.equal((await deliveries(erp)).length, 1);
  });

  it('never delivers twice when the same goods issue arrives several times at once', async () => {
    const order = await adapter.createSalesOrder(ORDER);
    const answers = await Promise.all([1, 2, 3].map(() => adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] })));
    assert.deepEqual(answers.map((answer) => answer.alreadyPosted).sort(), [false, true, true]);
    assert.deepEqual(new Set(answers.map((answer) => answer.deliveryNumber)), new Set(['80000001']));
    assert.equal(await posts('/A_OutbDeliveryHeader'), 1);
    assert.equal(await posts('/PostGoodsIssue'), 1);
  });

  it('uses the goods issue date given, for the delivery and so for the invoice; a future day is refused before the ERP is asked', async () => {
    const order = await adapter.createSalesOrder(ORDER);
    const before = (await controls.journal()).length;
    await assert.rejects(adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'], goodsIssueDate: '2026-12-03' }), (error: GatewayError) => {
      assert.equal(error.code, 'ERR_UNPROCESSABLE');
      assert.deepEqual(error.fields?.map((field) => field.name), ['body.goodsIssueDate']);
      return true;
    });
    assert.equal((await controls.journal()).length, before, 'the ERP was not asked');
    const posted = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'], goodsIssueDate: '2026-11-30' });
    assert.equal(posted.goodsIssueDate, '2026-11-30');
    assert.equal((await adapter.getInvoices(order.salesOrderNumber))[0]?.invoiceDate, '2026-11-30');
  });

  it('answers ERR_NOT_FOUND for an unknown order and posts nothing', async () => {
    await assert.rejects(adapter.postGoodsIssue('1099999', { shipmentIds: ['30000001'] }), (error: GatewayError) => error.code === 'ERR_NOT_FOUND' && /1099999/.test(error.message));
    assert.equal(await posts(DELIVERY_SERVICE), 0);
  });

  it('posts goods issue for a delivery that exists without it (an earlier goods issue failed), creating no second delivery', async () => {
    const order = await adapter.createSalesOrder(ORDER);
    proxy.use({ method: 'POST', path: /\/PostGoodsIssue\?/, mode: 'fail-500' });
    await assert.rejects(adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] }), (error: GatewayError) => error.code === 'ERR_PLATFORM_BAD_GATEWAY');
    const [pending] = await deliveries(erp);
    assert.equal(pending?.OverallGoodsMovementStatus, 'A', 'the delivery exists, goods issue is not posted');

    const posted = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] });
    assert.deepEqual([posted.deliveryNumber, posted.alreadyPosted], ['80000001', false]);
    assert.equal(await posts('/A_OutbDeliveryHeader'), 1, 'one delivery created');
    assert.equal((await deliveries(erp))[0]?.OverallGoodsMovementStatus, 'C');
  });

  describe('when the answer to the delivery create is lost', () => {
    for (const mode of ['lose-answer', 'hang'] as const) {
      it(`finds the delivery by its reference and goes on (${mode})`, async () => {
        const order = await adapter.createSalesOrder(ORDER);
        proxy.use({ method: 'POST', path: /\/A_OutbDeliveryHeader\?/, mode });
        const posted = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] });
        assert.deepEqual([posted.deliveryNumber, posted.alreadyPosted], ['80000001', false]);
        assert.equal(await posts('/A_OutbDeliveryHeader'), 1, 'the create was not repeated');
        assert.equal(await posts('/PostGoodsIssue'), 1);
        assert.equal((await deliveries(erp))[0]?.OverallGoodsMovementStatus, 'C');
      });
    }

    it('reports the failure when the ERP never got the create, and the next call delivers', async () => {
      const order = await adapter.createSalesOrder(ORDER);
      proxy.use({ method: 'POST', path: /\/A_OutbDeliveryHeader\?/, mode: 'fail-500' });
      await assert.rejects(adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] }), (error: GatewayError) => error.code === 'ERR_PLATFORM_BAD_GATEWAY');
      assert.deepEqual(await deliveries(erp), []);
      const posted = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] });
      assert.equal(posted.alreadyPosted, false);
    });
  });

  describe('when the answer to PostGoodsIssue is lost or refused', () => {
    it('reads the delivery back: posted by this call after all', async () => {
      const order = await adapter.createSalesOrder(ORDER);
      proxy.use({ method: 'POST', path: /\/PostGoodsIssue\?/, mode: 'lose-answer' });
      const posted = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] });
      assert.deepEqual([posted.deliveryNumber, posted.goodsIssueDate, posted.alreadyPosted], ['80000001', TODAY, false]);
      assert.equal(await posts('/PostGoodsIssue'), 1, 'not repeated');
    });

    it('reads the delivery back: refused because someone else posted it meanwhile, so alreadyPosted', async () => {
      const order = await adapter.createSalesOrder(ORDER);
      proxy.use({ method: 'POST', path: /\/PostGoodsIssue\?/, mode: 'forward-then-refuse' });
      const posted = await adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] });
      assert.deepEqual([posted.deliveryNumber, posted.alreadyPosted], ['80000001', true]);
    });

    it('passes the ERP\'s refusal on as ERR_UNPROCESSABLE when goods issue is still not posted', async () => {
      const order = await adapter.createSalesOrder(ORDER);
      const refusal = {
        error: {
          code: 'VL/609',
          message: { lang: 'en', value: 'Delivery has not yet been put away / picked (completely)' },
          innererror: { errordetails: [{ code: 'VL/609', message: 'Delivery has not yet been put away / picked (completely)', severity: 'error' }] },
        },
      };
      proxy.use({ method: 'POST', path: /\/PostGoodsIssue\?/, mode: { status: 400, body: refusal } });
      await assert.rejects(adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] }), (error: GatewayError) => error.code === 'ERR_UNPROCESSABLE' && /picked/.test(error.message));
      assert.equal((await deliveries(erp))[0]?.OverallGoodsMovementStatus, 'A');
    });
  });

  describe('ERP refusals', () => {
    it('names body.goodsIssueDate when the ERP refuses the delivery\'s date', async () => {
      const order = await adapter.createSalesOrder(ORDER);
      const refusal = {
        error: {
          code: 'VL/999',
          message: { lang: 'en', value: 'Posting period 2026/11 is not open' },
          innererror: { errordetails: [{ code: 'VL/999', message: 'Posting period 2026/11 is not open', severity: 'error', target: 'ActualGoodsMovementDate' }] },
        },
      };
      proxy.use({ method: 'POST', path: /\/A_OutbDeliveryHeader\?/, mode: { status: 400, body: refusal } });
      await assert.rejects(adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'], goodsIssueDate: '2026-11-01' }), (error: GatewayError) => {
        assert.equal(error.code, 'ERR_UNPROCESSABLE');
        assert.deepEqual(error.fields, [{ name: 'body.goodsIssueDate', message: 'Posting period 2026/11 is not open' }]);
        return true;
      });
      assert.equal(await posts('/PostGoodsIssue'), 0);
    });

    it('refuses an order the ERP holds in several deliveries, naming them', async () => {
      const order = await adapter.createSalesOrder(ORDER);
      const items = [
        { DeliveryDocument: '80000007', ReferenceSDDocument: order.salesOrderNumber },
        { DeliveryDocument: '80000008', ReferenceSDDocument: order.salesOrderNumber.padStart(10, '0') },
      ];
      proxy.use({ method: 'GET', path: /\/A_OutbDeliveryItem\?/, mode: { status: 200, body: { d: { results: items } } } });
      await assert.rejects(
        adapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] }),
        (error: GatewayError) => error.code === 'ERR_UNPROCESSABLE' && /80000007, 80000008/.test(error.message),
      );
      assert.equal(await posts(DELIVERY_SERVICE), 0);
    });
  });

  it('with a billing run that takes its time, the invoice follows the goods issue', async () => {
    const slow = await startSandboxErp({ billingDelayMs: 300 });
    try {
      const slowAdapter = createErpAdapter(connectionTo(slow));
      const order = await slowAdapter.createSalesOrder(ORDER);
      await slowAdapter.postGoodsIssue(order.salesOrderNumber, { shipmentIds: ['30000001'] });
      assert.deepEqual(await slowAdapter.getInvoices(order.salesOrderNumber), []);
      await eventually(async () => (await slowAdapter.getInvoices(order.salesOrderNumber)).length === 1, 3000);
    } finally {
      await slow.close();
    }
  });
});
