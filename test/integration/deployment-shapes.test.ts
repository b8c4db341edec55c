/**
 * The gateway pointed at platforms by configuration (no embedded sandbox), and a tier served by another process:
 * the same order flows whichever way the pieces are deployed.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { startSandboxErp } from '../../sandbox/erp/server';
import { startSandboxWms } from '../../sandbox/wms/server';
import type { SandboxServer } from '../../sandbox/types';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { waitForPartnerOrder } from '../support/orders';
import { ErpSandboxControls } from '../support/sandbox-controls';

const order = (purchaseOrderNumber: string) => ({
  purchaseOrderNumber,
  customerNumber: '0010100001',
  lines: [{ lineNumber: '1', sku: 'TG-10001', quantity: '1', unit: 'CS' }],
});

describe('deployment shapes (integration)', function () {
  this.timeout(30_000);
  let erp: SandboxServer;
  let wms: SandboxServer;
  let backend: TestGateway;
  let edge: TestGateway;

  before(async () => {
    erp = await startSandboxErp();
    wms = await startSandboxWms();
    // The back end: system and process tiers, pointed at platforms it did not start.
    backend = await startTestGateway({
      sandbox: { enabled: false },
      platforms: { erp: { baseUrl: `${erp.url}/sap/opu/odata/sap` }, wms: { baseUrl: wms.url } },
    });
    // The edge: its partner tier calls the back end's process tier over the network. One authorization server
    // (the back end's built-in one) serves both: to the edge it is an external issuer.
    edge = await startTestGateway({
      sandbox: { enabled: false },
      platforms: { erp: { baseUrl: `${erp.url}/sap/opu/odata/sap` }, wms: { baseUrl: wms.url } },
      tiers: { processBaseUrl: backend.url, systemBaseUrl: backend.url },
      auth: { issuer: backend.url, jwksUri: `${backend.url}/.well-known/jwks.json` },
    });
  });
  after(async () => {
    await edge?.stop();
    await backend?.stop();
    await erp?.close();
    await wms?.close();
  });

  it('uses the configured platforms instead of starting sandboxes', async () => {
    assert.deepEqual(backend.sandboxes, {});
    const ready = await request(backend.url).get('/health/ready').expect(200);
    await request(edge.url).get('/.well-known/jwks.json').expect(404); // the edge runs no authorization server of its own
    assert.equal(JSON.parse(ready.text).status, 'pass');
  });

  it('carries an order from the edge’s partner tier through the back end’s process tier into the ERP, one correlation id throughout', async () => {
    const correlationId = `split-${Date.now()}`;
    const token = await backend.token('globex-dev');
    const placed = await request(edge.url)
      .post('/partner/customers/v1/orders')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Correlation-Id', correlationId)
      .send(order(`PO-SPLIT-${Date.now()}`))
      .expect(201);
    assert.equal(placed.headers.location, `/partner/customers/v1/orders/${placed.body.id}`);
    assert.equal(placed.body.status, 'RECEIVED');
    // The back end's workflow posts it to the ERP after the 201; the edge reads it from there until it is confirmed.
    const edgeClient = { get: (path: string) => request(edge.url).get(path).set('Authorization', `Bearer ${token}`) };
    const confirmed = await waitForPartnerOrder(edgeClient, placed.headers.location as string);
    assert.equal(confirmed.status, 'CONFIRMED');
    assert.match(confirmed.salesOrderNumber, /^\d+$/);

    const edgeHops = edge.logLines().filter((line) => line.correlationId === correlationId).map((line) => String(line.path));
    const backendHops = backend.logLines().filter((line) => line.correlationId === correlationId).map((line) => String(line.path));
    assert.ok(edgeHops.some((path) => path.startsWith('/partner/')), 'the edge served the partner call');
    assert.ok(!edgeHops.some((path) => path.startsWith('/process/')), 'the edge did not serve the process call');
    assert.ok(backendHops.some((path) => path.startsWith('/process/')), 'the back end served the process call');
    assert.ok(backendHops.some((path) => path.startsWith('/system/erp/')), 'the back end served the system call');
    const platformHits = (await new ErpSandboxControls(erp).requests('/A_SalesOrder')).filter((entry) => entry.correlationId === correlationId);
    assert.ok(platformHits.some((entry) => entry.method === 'POST' && entry.path.endsWith('/A_SalesOrder')), 'the ERP was posted the sales order under the correlation id');
  });
});
