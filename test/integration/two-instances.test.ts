/**
 * Two gateway processes behind one public URL, sharing Redis, the platforms and the signing key, as the README's
 * "two instances" setup runs them: a client whose plan allows N requests in a window gets exactly N successes out
 * of 3N sent across both, and an idempotency key used on one instance is honoured on the other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandboxErp } from '../../sandbox/erp/server';
import { startSandboxWms } from '../../sandbox/wms/server';
import type { SandboxServer } from '../../sandbox/types';
import { fetchToken } from '../support/gateway';
import { startGatewayProcess as startInstance, stopGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { freePort, testRedis, type TestRedis } from '../support/redis';

const N = 10;

type Instance = GatewayProcess;

describe('two gateway instances sharing Redis (integration)', function () {
  this.timeout(90_000);
  let redis: TestRedis | undefined;
  let erp: SandboxServer;
  let wms: SandboxServer;
  let dataDir: string;
  const instances: Instance[] = [];

  before(async function () {
    redis = await testRedis();
    if (!redis) this.skip();
    erp = await startSandboxErp();
    wms = await startSandboxWms();
    dataDir = mkdtempSync(path.join(tmpdir(), 'dg-two-'));
    const configFile = path.join(dataDir, 'gateway.yaml');
    writeFileSync(configFile, `throttling:\n  plans:\n    bronze:\n      limit: ${N}\n      windowSeconds: 60\n      dailyQuota: 100000\n`);
    const [portA, portB] = [await freePort(), await freePort()];
    const shared = {
      SANDBOX: 'false',
      ERP_BASE_URL: `${erp.url}/sap/opu/odata/sap`,
      WMS_BASE_URL: wms.url,
      REDIS_URL: redis!.url,
      REDIS_KEY_PREFIX: redis!.keyPrefix,
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${portA}`,
      CONFIG_FILE: configFile,
    };
    // The first creates the signing key in the shared data directory; the second finds it.
    instances.push(await startInstance(portA, { ...shared, AUDIT_FILE: 'audit/a.log' }));
    instances.push(await startInstance(portB, { ...shared, AUDIT_FILE: 'audit/b.log' }));
  });

  after(async () => {
    await Promise.all(instances.map((instance) => stopGatewayProcess(instance.child)));
    await erp?.close();
    await wms?.close();
    await redis?.cleanup();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`gives a client exactly ${N} successes for ${3 * N} requests spread over both instances in one window`, async () => {
    const [a, b] = instances as [Instance, Instance];
    const token = await fetchToken(`${a.url}/oauth/token`, 'globex-dev');
    const responses = await Promise.all(
      Array.from({ length: 3 * N }, (_, index) =>
        fetch(`${(index % 2 === 0 ? a : b).url}/partner/customers/v2/orders?customerReference=NONE`, { headers: { authorization: `Bearer ${token}` } }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 200).length, N, statuses.join(' '));
    assert.equal(statuses.filter((status) => status === 429).length, 2 * N);
    // Both instances took part in refusing.
    const refusedBy = new Set(responses.map((response, index) => (response.status === 429 ? index % 2 : -1)).filter((instance) => instance >= 0));
    assert.equal(refusedBy.size, 2);
  });

  it('honours an idempotency key across instances: replay on the other, 422 for another body', async () => {
    const [a, b] = instances as [Instance, Instance];
    const token = await fetchToken(`${b.url}/oauth/token`, 'initech-dev');
    const post = (instance: Instance, customerReference: string) =>
      fetch(`${instance.url}/partner/customers/v2/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'two-instances-1' },
        body: JSON.stringify({ customerReference, items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'EA' } }] }),
      });
    const reference = `PO-TWO-${Date.now()}`;
    const first = await post(a, reference);
    assert.equal(first.status, 201, await first.clone().text());
    const replay = await post(b, reference);
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await replay.json(), await first.json());
    const other = await post(b, `${reference}-other`);
    assert.equal(other.status, 422);
  });

  it('keeps orders in Redis: an order placed through one instance reads back through the other', async () => {
    const [a, b] = instances as [Instance, Instance];
    const token = await fetchToken(`${a.url}/oauth/token`, 'initech-dev');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const placed = await fetch(`${a.url}/partner/customers/v2/orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ customerReference: `PO-SHARED-${Date.now()}`, items: [{ lineNumber: '1', sku: 'TG-10002', quantity: { value: '2', unit: 'EA' } }] }),
    });
    assert.equal(placed.status, 201, await placed.clone().text());
    const order = (await placed.json()) as { id: string; status: string; customerReference: string };
    // The other instance knows it at once; the workflow (on either instance) then moves it on.
    const readFrom = async (instance: Instance) => {
      const response = await fetch(`${instance.url}/partner/customers/v2/orders/${order.id}`, { headers });
      assert.equal(response.status, 200);
      return (await response.json()) as { id: string; status: string; customerReference: string };
    };
    const early = await readFrom(b);
    assert.deepEqual([early.id, early.customerReference], [order.id, order.customerReference]);
    // Follow it on the process tier (the partner's plan allows few calls here) until the warehouse has it: the record
    // then rests until the sandbox ships, 30 s later.
    const crm = { authorization: `Bearer ${await fetchToken(`${a.url}/oauth/token`, 'internal-crm')}` };
    for (const deadline = Date.now() + 20_000; ; ) {
      const process = (await (await fetch(`${b.url}/process/orders/v2/orders/${order.id}`, { headers: crm })).json()) as { status: string };
      if (process.status === 'RELEASED') break;
      assert.ok(Date.now() < deadline, `the order never reached the warehouse: ${JSON.stringify(process)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Both instances answer the very same record.
    const [fromA, fromB] = [await readFrom(a), await readFrom(b)];
    assert.equal(fromA.status, 'CONFIRMED');
    assert.deepEqual(fromA, fromB);
  });
});
