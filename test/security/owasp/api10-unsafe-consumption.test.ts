/**
 * OWASP API10:2023 Unsafe Consumption of APIs.
 *
 * Threat: the gateway trusts what its upstreams say. A compromised, misconfigured or buggy ERP or WMS (or a proxy
 * in front of it) answers HTML instead of JSON, JSON of the wrong shape, entities with fields missing, strings where
 * numbers belong and numbers where strings do, far more results than asked for, a body of many megabytes, or
 * nothing at all; the gateway crashes (a 500 with a TypeError), hangs, hands garbage on to partners, or records a
 * poisoned order.
 *
 * Proven here, with a hostile proxy (a real HTTP server) between a whole gateway and its real sandbox ERP and WMS,
 * rewriting each answer as the test says:
 * - passed through untouched, every ERP and WMS read of the system tier answers as usual (the proxy is sound);
 * - for every GET operation of system/erp/v1 and system/wms/v1 (from the specs), each hostile answer is a 502 problem
 *   (a hanging platform a 504) — never a 500, never a 2xx carrying it, never a stack;
 * - a list answer holding more results than the page asked for is refused (502), not passed on unbounded;
 * - an order submitted while the ERP answers garbage is never posted with it: it is not POSTED, and its record holds
 *   no value taken from the garbage;
 * - partner webhook endpoints are never read: a delivery looks at the status only (webhook-dispatcher.ts).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { orderSubmission } from '../../support/orders';
import { assertProblem, concretePath, publishedOperations, type SpecOperation } from './support';

type Mode = 'pass' | 'html' | 'invalid-json' | 'wrong-shape' | 'missing-fields' | 'types-swapped' | 'too-many-results' | 'huge' | 'hang';

const HOSTILE: Mode[] = ['html', 'invalid-json', 'wrong-shape', 'missing-fields', 'types-swapped', 'too-many-results'];

/** Walks JSON, rewriting leaves. */
function rewrite(value: unknown, leaf: (value: unknown) => unknown, keep = (key: string) => key === '__metadata'): unknown {
  if (Array.isArray(value)) return value.map((element) => rewrite(element, leaf, keep));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([key, child]) => (keep(key) ? [[key, child]] : child && typeof child === 'object' ? [[key, rewrite(child, leaf, keep)]] : (() => {
      const replaced = leaf(child);
      return replaced === undefined ? [] : [[key, replaced]];
    })())));
  }
  return leaf(value);
}

/** Every upstream JSON answer rewritten by mode. */
function hostile(mode: Mode, body: unknown): string {
  switch (mode) {
    case 'wrong-shape':
      return JSON.stringify(Array.isArray(body) ? { items: 'none' } : { d: { results: 'none' }, value: [], data: 42 });
    case 'missing-fields':
      return JSON.stringify(rewrite(body, () => undefined));
    case 'types-swapped':
      return JSON.stringify(rewrite(body, (leaf) => (typeof leaf === 'string' ? (Number.isNaN(Number(leaf)) ? 12345 : { value: leaf }) : typeof leaf === 'number' ? `${leaf}` : typeof leaf === 'boolean' ? 'yes' : leaf)));
    case 'too-many-results': {
      const grow = (array: unknown[]) => (array.length > 0 ? Array.from({ length: 1500 }, () => array[0]) : array);
      const record = body as { d?: { results?: unknown[] }; items?: unknown[] };
      if (Array.isArray(body)) return JSON.stringify(grow(body));
      if (Array.isArray(record.d?.results)) return JSON.stringify({ ...record, d: { ...record.d, results: grow(record.d!.results!) } });
      if (Array.isArray(record.items)) return JSON.stringify({ ...record, items: grow(record.items) });
      return JSON.stringify(body);
    }
    default:
      return JSON.stringify(body);
  }
}

interface HostileProxy {
  url: string;
  mode: Mode;
  target: string;
  close(): Promise<void>;
}

/** An HTTP server between the gateway and a platform that answers as `mode` says (forwarding to `target`). */
async function startHostileProxy(): Promise<HostileProxy> {
  const proxy: HostileProxy = { url: '', mode: 'pass', target: '', close: async () => undefined };
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const mode = proxy.mode;
    if (mode === 'hang') {
      hanging.add(response);
      return;
    }
    if (mode === 'html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><h1>Service Unavailable</h1><p>Maintenance</p></body></html>');
      return;
    }
    if (mode === 'invalid-json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"d": {"results": [{"Customer": "0010');
      return;
    }
    if (mode === 'huge') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const block = `"${'x'.repeat(1024 * 1024 - 3)}",`;
      response.write('{"d":{"results":[');
      for (let index = 0; index < 18; index += 1) if (!response.write(block)) await once(response, 'drain');
      response.end('"end"]}}');
      return;
    }
    const headers = { ...request.headers, host: new URL(proxy.target).host };
    delete headers['content-length'];
    const upstream = await fetch(`${proxy.target}${request.url}`, { method: request.method, headers: headers as unknown as Record<string, string>, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    const text = await upstream.text();
    const outgoing: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) outgoing[name] = value;
    });
    let body = text;
    if (mode !== 'pass' && upstream.ok && /json/.test(upstream.headers.get('content-type') ?? '')) body = hostile(mode, JSON.parse(text));
    response.writeHead(upstream.status, outgoing).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

/** Path parameters the sandbox knows, so the pass-through answers 200. */
const KNOWN: Record<string, string> = { customerNumber: '0010100001', material: 'TG-10001' };
const QUERY: Record<string, Record<string, string>> = {
  'GET /system/erp/v1/sales-orders': { customerNumber: '0010100001', purchaseOrderNumber: 'PO-NONE' },
  'GET /system/erp/v1/customers/{customerNumber}/prices': { material: 'TG-10001' },
  'GET /system/erp/v1/items': { limit: '5' },
  'GET /system/erp/v1/customers': { limit: '5' },
  'GET /system/wms/v1/inventory': { limit: '5' },
};

describe('OWASP API10:2023 unsafe consumption of APIs', function () {
  this.timeout(120_000);
  let gateway: TestGateway;
  let erp: HostileProxy;
  let wms: HostileProxy;
  const reads = () =>
    publishedOperations().filter((operation) => (operation.entry.id === 'system/erp/v1' || operation.entry.id === 'system/wms/v1') && operation.method === 'get');
  const read = async (operation: SpecOperation) => (await gateway.as('internal-crm')).get(concretePath(operation, KNOWN, 'UNKNOWN-1')).query(QUERY[operation.name] ?? {});

  before(async () => {
    erp = await startHostileProxy();
    wms = await startHostileProxy();
    gateway = await startTestGateway({
      platforms: { erp: { baseUrl: `${erp.url}/sap/opu/odata/sap`, timeoutMs: 1500, retries: 0 }, wms: { baseUrl: wms.url, timeoutMs: 1500, retries: 0 } },
      process: { workflow: { pollIntervalMs: 50, retryBaseDelayMs: 50, retryMaxDelayMs: 200, maxAttempts: 2, leaseMs: 5000, sweepIntervalMs: 200, sweepGraceMs: 6000 } },
    });
    erp.target = gateway.sandboxes.erp!.url;
    wms.target = gateway.sandboxes.wms!.url;
    // A real sales order and its release, so that the reads by number have something to read.
    const tiers = await gateway.as('gateway-tiers');
    const create = publishedOperations().find((operation) => operation.name === 'POST /system/erp/v1/sales-orders')!;
    const purchaseOrderNumber = `PO-API10-${Date.now()}`;
    const created = await tiers.post(concretePath(create)).send({ ...(create.requestBody!.example as object), purchaseOrderNumber });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    KNOWN.salesOrderNumber = created.body.salesOrderNumber;
    KNOWN.releaseId = created.body.salesOrderNumber;
    KNOWN.shipmentId = '99999999';
    QUERY['GET /system/erp/v1/sales-orders'] = { customerNumber: '0010100001', purchaseOrderNumber };
    const release = publishedOperations().find((operation) => operation.name === 'POST /system/wms/v1/releases')!;
    const released = await tiers.post(concretePath(release)).send({ ...(release.requestBody!.example as object), salesOrderNumber: created.body.salesOrderNumber, customerPurchaseOrderNumber: purchaseOrderNumber });
    assert.ok(released.status < 300, JSON.stringify(released.body));
  });
  after(async () => {
    await gateway?.stop();
    await erp?.close();
    await wms?.close();
  });

  it('answers through an honest proxy as usual (the proxy is sound)', async () => {
    erp.mode = wms.mode = 'pass';
    const statuses = await Promise.all(reads().map(async (operation) => [operation.name, (await read(operation)).status] as const));
    const ok = statuses.filter(([, status]) => status === 200).map(([name]) => name);
    assert.ok(ok.length >= 8, `most reads answer 200 through the proxy: ${JSON.stringify(statuses)}`);
    for (const [name, status] of statuses) assert.ok(status < 500, `${name}: ${status}`);
  });

  for (const mode of HOSTILE) {
    it(`answers every ERP and WMS read 502 when the platform answers ${mode}, never 500 or a 2xx`, async () => {
      erp.mode = wms.mode = mode;
      const failures: string[] = [];
      for (const operation of reads()) {
        const response = await read(operation);
        if (mode === 'too-many-results' && response.status !== 502) {
          // Only answers holding a list can carry too many results; the rest pass through unchanged.
          const items = response.body?.items ?? (Array.isArray(response.body) ? response.body : undefined);
          if (Array.isArray(items) && items.length > 100) failures.push(`${operation.name}: passed on ${items.length} results`);
          else if (response.status >= 500) failures.push(`${operation.name}: ${response.status} ${response.body?.code}`);
          continue;
        }
        if (response.status === 404 && mode !== 'html' && mode !== 'invalid-json') continue; // the sandbox's own 404 (unknown id), passed through
        if (response.status === 200 && JSON.stringify(response.body) === '[]' && mode !== 'html' && mode !== 'invalid-json') continue; // an empty list rewritten is still empty
        if (response.status !== 502) {
          failures.push(`${operation.name}: ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
          continue;
        }
        const problem = assertProblem(response, 502, operation.name);
        assert.equal(problem.code, 'ERR_PLATFORM_BAD_GATEWAY', operation.name);
        assert.doesNotMatch(response.text, /\bat [\w.<>]+ \(|node_modules|TypeError|\.ts:\d+/, `${operation.name}: no stack`);
      }
      erp.mode = wms.mode = 'pass';
      assert.deepEqual(failures, [], `answers to ${mode}`);
    });
  }

  it('refuses a huge answer (over the platform client’s response cap) with 502, and a hanging platform with 504', async () => {
    const customer = publishedOperations().find((operation) => operation.name === 'GET /system/erp/v1/customers/{customerNumber}')!;
    const inventory = publishedOperations().find((operation) => operation.name === 'GET /system/wms/v1/inventory/{material}')!;
    erp.mode = wms.mode = 'huge';
    for (const operation of [customer, inventory]) assert.equal(assertProblem(await read(operation), 502, `${operation.name} huge`).code, 'ERR_PLATFORM_BAD_GATEWAY');
    erp.mode = wms.mode = 'hang';
    const started = Date.now();
    for (const operation of [customer, inventory]) assertProblem(await read(operation), 504, `${operation.name} hanging`);
    assert.ok(Date.now() - started < 8000, 'bounded by the platform timeouts');
    erp.mode = wms.mode = 'pass';
  });

  it('never posts an order with what a hostile ERP answered', async () => {
    erp.mode = 'types-swapped';
    const crm = await gateway.as('internal-crm');
    const submitted = await crm.post('/process/orders/v2/orders').send(orderSubmission({}, 'initech')).expect(202);
    const id = submitted.body.id as string;
    let order: Record<string, any> = {};
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      order = (await crm.get(`/process/orders/v2/orders/${id}`).expect(200)).body;
      if (['EXCEPTION', 'REJECTED', 'POSTED'].includes(order.status) || (order.steps ?? []).some((step: { state: string }) => step.state === 'FAILED')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    erp.mode = 'pass';
    assert.ok(['EXCEPTION', 'REJECTED'].includes(order.status), `the order stopped, parked for an operator: ${JSON.stringify(order).slice(0, 600)}`);
    assert.equal(order.erp?.salesOrderNumber, undefined, 'no sales order number from a hostile answer');
    assert.doesNotMatch(JSON.stringify(order), /12345|"yes"|\[object Object\]|NaN/, `no value of the garbage in the record: ${JSON.stringify(order).slice(0, 400)}`);
  });
});
