/**
 * The S/4HANA adapter against the real sandbox ERP: the CSRF protocol (caching, expiry handled transparently), and
 * creates whose outcome is unknown (answer lost, timed out) or failed — through a small HTTP proxy that can break
 * exactly the POST, since the sandbox's own faults hit every request alike.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createErpAdapter } from '../../../apis/system/erp/adapters';
import type { SalesOrderCreate } from '../../../apis/system/erp/v1/models';
import { GatewayError } from '../../../gateway/errors';
import { connectionTo, startErpFixture, type ErpFixture } from './support';

const ORDER: SalesOrderCreate = {
  customerNumber: '0010100001',
  purchaseOrderNumber: 'PO-ADAPTER-1',
  lines: [{ lineNumber: '1', material: 'TG-10001', quantity: { value: '1', uom: 'CS' } }],
};

function posts(entries: Array<{ method: string }>): number {
  return entries.filter((entry) => entry.method === 'POST').length;
}

describe('system/erp s4hana adapter: CSRF', () => {
  let fixture: ErpFixture;

  before(async () => {
    fixture = await startErpFixture({ csrfTtlMs: 150 });
  });

  after(async () => {
    await fixture.erp.close();
  });

  it('fetches a token once per service and reuses it', async () => {
    await fixture.adapter.createSalesOrder({ ...ORDER, purchaseOrderNumber: 'CSRF-1' });
    await fixture.adapter.createSalesOrder({ ...ORDER, purchaseOrderNumber: 'CSRF-2' });
    const journal = await fixture.controls.requests('API_SALES_ORDER_SRV');
    const fetches = journal.filter((entry) => entry.method === 'GET' && entry.path.endsWith('API_SALES_ORDER_SRV/'));
    assert.equal(fetches.length, 1);
    assert.deepEqual(
      journal.filter((entry) => entry.method === 'POST').map((entry) => entry.status),
      [201, 201],
    );
  });

  it('renews an expired token transparently, once, and the order is created once', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const created = await fixture.adapter.createSalesOrder({ ...ORDER, purchaseOrderNumber: 'CSRF-3' });
    const journal = (await fixture.controls.requests('API_SALES_ORDER_SRV')).slice(-4);
    // The duplicate check, the refused POST, the new token, the repeated POST.
    assert.deepEqual(
      journal.map((entry) => [entry.method, entry.status]),
      [
        ['GET', 200],
        ['POST', 403],
        ['GET', 200],
        ['POST', 201],
      ],
    );
    assert.equal((await fixture.adapter.findSalesOrders({ customerNumber: ORDER.customerNumber, purchaseOrderNumber: 'CSRF-3' })).length, 1);
    assert.equal(created.purchaseOrderNumber, 'CSRF-3');
    // Prices go through the simulation service's own token, with the same renewal.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const prices = await fixture.adapter.getCustomerPrices('0010100001', ['TG-10001']);
    assert.equal(prices.prices.length, 1);
  });
});

type PostMode = 'pass' | 'fail-500' | 'lose-answer' | 'hang';

/** A pass-through proxy to the ERP that breaks POSTs as told: before the ERP sees them, or after (the answer lost). */
async function startProxy(target: string): Promise<{ url: string; setPostMode(mode: PostMode): void; postsSeen(): number; close(): Promise<void> }> {
  let mode: PostMode = 'pass';
  let seen = 0;
  const server = http.createServer((incoming, outgoing) => {
    const isPost = incoming.method === 'POST';
    if (isPost) seen += 1;
    if (isPost && mode === 'fail-500') {
      incoming.resume();
      outgoing.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"X","message":{"value":"proxy says no"}}}');
      return;
    }
    const forward = http.request(`${target}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
      if (isPost && mode === 'lose-answer') {
        // The ERP did the work; the caller never hears of it.
        answer.resume();
        answer.on('end', () => outgoing.socket?.destroy());
        return;
      }
      if (isPost && mode === 'hang') {
        answer.resume();
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
    setPostMode: (next) => {
      mode = next;
    },
    postsSeen: () => seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('system/erp s4hana adapter: creates with an unknown outcome', () => {
  let fixture: ErpFixture;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let adapter: ReturnType<typeof createErpAdapter>;

  before(async () => {
    fixture = await startErpFixture();
    proxy = await startProxy(fixture.erp.url);
    adapter = createErpAdapter(connectionTo({ url: proxy.url, close: async () => undefined }, { timeoutMs: 300 }));
  });

  after(async () => {
    await proxy.close();
    await fixture.erp.close();
  });

  beforeEach(async () => {
    proxy.setPostMode('pass');
    await fixture.controls.reset();
  });

  it('returns the order when the ERP created it but the answer was lost', async () => {
    proxy.setPostMode('lose-answer');
    const created = await adapter.createSalesOrder(ORDER);
    assert.match(created.salesOrderNumber, /^\d+$/);
    assert.equal(created.purchaseOrderNumber, ORDER.purchaseOrderNumber);
    assert.equal(posts(await fixture.controls.requests('A_SalesOrder')), 1, 'the POST was not repeated');
    proxy.setPostMode('pass');
    await assert.rejects(adapter.createSalesOrder(ORDER), (error: GatewayError) => error.code === 'ERR_CONFLICT' && error.extensions.salesOrderNumber === created.salesOrderNumber);
  });

  it('returns the order when the create timed out after the ERP took it', async () => {
    proxy.setPostMode('hang');
    const started = Date.now();
    const created = await adapter.createSalesOrder(ORDER);
    assert.ok(Date.now() - started >= 300, 'it waited for the timeout');
    assert.equal(created.customerNumber, ORDER.customerNumber);
    assert.equal(posts(await fixture.controls.requests('A_SalesOrder')), 1);
  });

  it('reports the failure, without repeating the POST, when the ERP never got the order', async () => {
    proxy.setPostMode('fail-500');
    const before = proxy.postsSeen();
    await assert.rejects(adapter.createSalesOrder(ORDER), (error: GatewayError) => error.code === 'ERR_PLATFORM_BAD_GATEWAY');
    assert.equal(proxy.postsSeen() - before, 1, 'a POST is never retried');
    assert.equal(posts(await fixture.controls.requests('A_SalesOrder')), 0);
    assert.deepEqual(await adapter.findSalesOrders({ customerNumber: ORDER.customerNumber, purchaseOrderNumber: ORDER.purchaseOrderNumber }), []);
    // Once the ERP is reachable again, the same order goes through.
    proxy.setPostMode('pass');
    await adapter.createSalesOrder(ORDER);
  });
});

describe('system/erp s4hana adapter: health', () => {
  it('passes against a working ERP and fails fast, without retries, with 503 otherwise', async () => {
    const fixture = await startErpFixture({}, { retries: 2 });
    try {
      await fixture.adapter.checkHealth();
      await fixture.controls.faults({ failNext: 5, failStatus: 503 });
      await assert.rejects(fixture.adapter.checkHealth(), (error: GatewayError) => error.code === 'ERR_PLATFORM_UNAVAILABLE' && error.status === 503);
      const attempts = (await fixture.controls.requests('API_SALES_ORDER_SRV/')).filter((entry) => entry.status === 503);
      assert.equal(attempts.length, 1);
    } finally {
      await fixture.erp.close();
    }
  });

  it('refuses to start without a base URL, naming the key', () => {
    const connection = connectionTo({ url: 'http://127.0.0.1:1', close: async () => undefined });
    delete connection.baseUrl;
    assert.throws(() => createErpAdapter(connection), /platforms\.erp\.baseUrl/);
  });
});
