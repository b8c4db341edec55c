/**
 * A start that fails part-way (here: a throttling plan naming an operation no spec has, found after the port, the
 * sandboxes and the audit log are open) reports the configuration key and leaves nothing open behind it.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/runtime';
import { appLog } from '../support/app-log';
import { freePort } from '../support/redis';

async function portIsFree(port: number): Promise<boolean> {
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

describe('a failed start (integration)', function () {
  this.timeout(30_000);

  it('names the configuration key and closes the port, the sandboxes and the files it had opened', async () => {
    const [port, erpPort, wmsPort] = [await freePort(), await freePort(), await freePort()];
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dg-failed-start-'));
    try {
      const config = loadConfig({
        env: {},
        overrides: {
          server: { port, dataDir },
          sandbox: { enabled: true, erpPort, wmsPort },
          throttling: { plans: { bronze: { limit: 5, operations: { 'GET /partner/customers/v9/nothing': { limit: 1 } } } } },
        },
      });
      await assert.rejects(startGateway(config, { logger: appLog().logger, env: {} }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /throttling\.plans\.bronze\.operations/);
        return true;
      });
      for (const released of [port, erpPort, wmsPort]) assert.equal(await portIsFree(released), true, `port ${released} was left open`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
