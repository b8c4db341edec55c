/**
 * SIGTERM, as an orchestrator stops an instance: the port stops taking connections at once, a request already in
 * flight is answered in full, the audit log holds its record when the process is gone, and the exit code is 0.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandboxErp } from '../../sandbox/erp/server';
import { startSandboxWms } from '../../sandbox/wms/server';
import type { SandboxServer } from '../../sandbox/types';
import { fetchToken } from '../support/gateway';
import { startGatewayProcess, stopGatewayProcess } from '../support/gateway-process';
import { freePort } from '../support/redis';
import { SandboxControls } from '../support/sandbox-controls';

describe('graceful shutdown on SIGTERM (integration)', function () {
  this.timeout(60_000);
  let erp: SandboxServer;
  let wms: SandboxServer;
  let dataDir: string;

  before(async () => {
    erp = await startSandboxErp();
    wms = await startSandboxWms();
    dataDir = mkdtempSync(path.join(tmpdir(), 'dg-sigterm-'));
  });

  after(async () => {
    await erp?.close();
    await wms?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops taking connections, finishes the request in flight, flushes the audit log and exits 0', async () => {
    const gateway = await startGatewayProcess(await freePort(), { SANDBOX: 'false', ERP_BASE_URL: `${erp.url}/sap/opu/odata/sap`, WMS_BASE_URL: wms.url, DATA_DIR: dataDir });
    const token = await fetchToken(`${gateway.url}/oauth/token`, 'internal-crm');
    await new SandboxControls(erp).faults({ latencyMs: 1500 });
    const correlationId = `sigterm-${Date.now()}`;
    const inFlight = fetch(`${gateway.url}/system/erp/v1/customers/0010100001`, { headers: { authorization: `Bearer ${token}`, 'x-correlation-id': correlationId } });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const exited = stopGatewayProcess(gateway.child, 'SIGTERM');
    // Nothing new is taken in: the listening socket closes while the request in flight is still waiting on the ERP.
    for (const deadline = Date.now() + 1000; ; ) {
      const refused = await fetch(`${gateway.url}/health/live`).then(() => false, () => true);
      if (refused) break;
      assert.ok(Date.now() < deadline, 'still accepting connections a second after SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const answered = await inFlight;
    assert.equal(answered.status, 200, await answered.clone().text());
    assert.equal(((await answered.json()) as { customerNumber: string }).customerNumber, '0010100001');

    const answeredAt = Date.now();
    assert.equal(await exited, 0, gateway.output());
    // Not a speed check: the stop's grace period is 10 s, so an exit well before it shows the connection that had
    // just been answered was closed as soon as it was idle, not waited out.
    assert.ok(Date.now() - answeredAt < 5000, `the process took ${Date.now() - answeredAt} ms to exit after the last answer`);
    const audit = readFileSync(path.join(dataDir, 'audit', 'audit.log'), 'utf8');
    const record = audit.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { requestId?: string; status?: number }).find((line) => line.requestId === correlationId);
    assert.equal(record?.status, 200, 'the in-flight request was audited before the process ended');
  });
});
