/** startSandboxErp: a real listening server the adapter can reach over keep-alive, and a close() that really closes. */
import assert from 'node:assert/strict';
import http from 'node:http';
import axios from 'axios';
import { createSandboxErpApp, startSandboxErp } from '../../../sandbox/erp/server';

describe('sandbox ERP server', function () {
  this.timeout(20000);

  it('listens on a free port of 127.0.0.1 and serves the OData root', async () => {
    const server = await startSandboxErp();
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await axios.get(`${server.url}/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product('TG-10001')`, {
        auth: { username: 'SANDBOX', password: 'sandbox' },
        headers: { Accept: 'application/json' },
      });
      assert.equal(response.data.d.Product, 'TG-10001');
      assert.equal(response.data.d.__metadata.uri, `${server.url}/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product('TG-10001')`);
    } finally {
      await server.close();
    }
  });

  it('closes promptly although a keep-alive connection is open, and refuses connections afterwards', async () => {
    const server = await startSandboxErp();
    const agent = new http.Agent({ keepAlive: true });
    try {
      await axios.get(`${server.url}/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product?$top=1`, { httpAgent: agent, auth: { username: 'SANDBOX', password: 'sandbox' } });
      const started = Date.now();
      await server.close();
      assert.ok(Date.now() - started < 2000, 'close did not wait for the idle keep-alive socket');
      await assert.rejects(axios.get(`${server.url}/sap/opu/odata/sap/`, { timeout: 2000 }), (error: { code?: string }) => error.code === 'ECONNREFUSED');
      await server.close();
    } finally {
      agent.destroy();
    }
  });

  it('closes while a delayed (fault-injected) request is pending', async () => {
    const server = await startSandboxErp();
    await axios.post(`${server.url}/__sandbox/faults`, { latencyMs: 10_000 });
    const pending = axios.get(`${server.url}/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product`, { auth: { username: 'SANDBOX', password: 'sandbox' } }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 2000);
    assert.ok((await pending) instanceof Error);
  });

  it('refuses unknown and nonsensical options at start', () => {
    assert.throws(() => createSandboxErpApp({ csrfTTL: 5 } as never), /unknown option 'csrfTTL'/);
    assert.throws(() => createSandboxErpApp({ csrfTtlMs: 0 }), /csrfTtlMs/);
    assert.throws(() => createSandboxErpApp({ credentials: { username: 'a:b', password: 'x' } }), /credentials/);
  });

  it('rejects when the port is taken', async () => {
    const server = await startSandboxErp();
    try {
      const port = Number(new URL(server.url).port);
      await assert.rejects(startSandboxErp({ port }), /EADDRINUSE/);
    } finally {
      await server.close();
    }
  });
});
