/**
 * `WORKERS=2`: one gateway instance as two worker processes on one port. Limits are shared between the workers
 * (exactly N of 3N requests pass for a plan of N), both workers serve (each writes its own audit file, and each
 * file's chain verifies), a worker killed with SIGKILL is replaced while the other keeps answering, and SIGTERM to
 * the primary stops the whole instance cleanly. Without Redis the start is refused with the key to set.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyAuditFile } from '../../policies/audit/verify';
import { fetchToken } from '../support/gateway';
import { spawnGateway, startGatewayProcess, stopGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { freePort, testRedis, type TestRedis } from '../support/redis';

const N = 10;

/** The primary's workers: its children running the gateway (tsx's esbuild service is a child too). */
function workerPids(primaryPid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(primaryPid), '-f', 'gateway/main.ts'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function statusWithRetry(url: string): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(url, { headers: { connection: 'close' }, signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); ) {
    assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('WORKERS=2: one instance, two worker processes (integration)', function () {
  this.timeout(120_000);
  let redis: TestRedis | undefined;
  let dataDir: string;
  let gateway: GatewayProcess | undefined;
  let env: Record<string, string>;
  let metricsPort: number;

  before(async function () {
    redis = await testRedis();
    if (!redis) this.skip();
    dataDir = mkdtempSync(path.join(tmpdir(), 'dg-cluster-'));
    const configFile = path.join(dataDir, 'gateway.yaml');
    writeFileSync(configFile, `sandbox:\n  erpPort: 0\n  wmsPort: 0\nthrottling:\n  plans:\n    bronze:\n      limit: ${N}\n      windowSeconds: 60\n      dailyQuota: 100000\n`);
    metricsPort = await freePort();
    env = { WORKERS: '2', REDIS_URL: redis!.url, REDIS_KEY_PREFIX: redis!.keyPrefix, DATA_DIR: dataDir, CONFIG_FILE: configFile, METRICS_PORT: String(metricsPort) };
    gateway = await startGatewayProcess(await freePort(), env, 60_000);
  });

  after(async () => {
    if (gateway) await stopGatewayProcess(gateway.child);
    await redis?.cleanup();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start more than one worker without Redis, naming the key', async () => {
    const { REDIS_URL: _redis, ...withoutRedis } = env;
    const refused = spawnGateway({ ...withoutRedis, DATA_DIR: path.join(dataDir, 'no-redis') });
    const code = await new Promise<number | null>((resolve) => refused.child.once('exit', (exit) => resolve(exit)));
    assert.equal(code, 78, refused.output());
    assert.match(refused.output(), /server\.workers: 2 workers need shared state; set state\.redisUrl/);
  });

  it('refuses to start several workers with /metrics on the main port, where a scrape would see one worker', async () => {
    const { METRICS_PORT: _port, ...withoutMetricsPort } = env;
    const refused = spawnGateway({ ...withoutMetricsPort, DATA_DIR: path.join(dataDir, 'no-metrics-port') });
    const code = await new Promise<number | null>((resolve) => refused.child.once('exit', (exit) => resolve(exit)));
    assert.equal(code, 78, refused.output());
    assert.match(refused.output(), /set metrics\.port \(METRICS_PORT\)/);
  });

  it(`shares limits between the workers (exactly ${N} of ${3 * N}) and both workers serve, each with its own audit chain`, async () => {
    const { url } = gateway!;
    assert.equal(workerPids(gateway!.child.pid!).length, 2);
    const token = await fetchToken(`${url}/oauth/token`, 'globex-dev');
    // A connection each, so the primary spreads them over both workers.
    const statuses = await Promise.all(
      Array.from({ length: 3 * N }, async () => {
        const response = await fetch(`${url}/partner/customers/v2/orders?customerReference=NONE`, { headers: { authorization: `Bearer ${token}`, connection: 'close' } });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    assert.equal(statuses.filter((status) => status === 200).length, N, statuses.join(' '));
    assert.equal(statuses.filter((status) => status === 429).length, 2 * N);

    // The primary's /metrics sums both workers: every one of the 3N answers is counted once.
    const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const answered = (status: number) =>
      scrape
        .split('\n')
        .filter((line) => line.startsWith('gateway_http_requests_total{') && line.includes('operation="GET /partner/customers/v2/orders"') && line.includes(`status="${status}"`))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    assert.deepEqual([answered(200), answered(429)], [N, 2 * N], scrape.split('\n').filter((line) => line.startsWith('gateway_http_requests_total{')).join('\n'));

    const files = [1, 2].map((worker) => path.join(dataDir, 'audit', `audit-worker-${worker}.log`));
    await until(() => files.every((file) => existsSync(file)), 'both workers have written audit records');
    for (const file of files) {
      const verified = await verifyAuditFile(file);
      assert.ok(verified.ok, `${file}: ${JSON.stringify(verified)}`);
    }
  });

  it('replaces a worker killed with SIGKILL while the other keeps answering', async () => {
    const { url, child } = gateway!;
    const [victim, survivor] = workerPids(child.pid!) as [number, number];
    process.kill(victim, 'SIGKILL');
    // The survivor answers at once. A connection handed to the dying worker in the instant before the primary
    // noticed is lost with it: we retry on a new one after a timeout, as a load balancer would.
    assert.equal(await statusWithRetry(`${url}/health/live`), 200);
    await until(() => {
      const pids = workerPids(child.pid!);
      return pids.length === 2 && pids.includes(survivor) && !pids.includes(victim);
    }, 'a replacement worker runs');
    assert.match(gateway!.output(), /gateway worker exited; starting a replacement/);
    await until(() => /"type":"gateway-ready"|Developer portal/.test(gateway!.output()), 'ready');
    // The replacement serves too: enough fresh connections reach both workers.
    const statuses = await Promise.all(Array.from({ length: 10 }, () => statusWithRetry(`${url}/health/ready`)));
    assert.deepEqual([...new Set(statuses)], [200]);
  });

  it('stops the whole instance on SIGTERM: workers drain and exit, the primary exits 0', async () => {
    const { child } = gateway!;
    const workers = workerPids(child.pid!);
    assert.equal(await stopGatewayProcess(child), 0, gateway!.output());
    gateway = undefined;
    for (const pid of workers) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} still runs`);
  });
});
