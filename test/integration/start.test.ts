/**
 * The newcomer's path: the entry point `npm start` runs, on the embedded defaults, prints the portal's URL, serves
 * it, and stops cleanly on SIGTERM. (`npm start` compiles first; this runs the same entry from source.)
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { PROJECT_ROOT } from '../../openapi/catalog';
import { smoke } from '../../scripts/smoke';

const dataDirs: string[] = [];

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  // Its own data directory (signing key, audit log), not the project's.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dg-start-'));
  dataDirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'gateway', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitFor(predicate: () => RegExpMatchArray | null, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = predicate();
    if (match) return match;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start entry point', function () {
  this.timeout(60_000);
  after(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('starts on the embedded defaults, prints the portal URL, serves it, and stops on SIGTERM', async () => {
    const { child, output } = startMain({ PORT: '0', LOG_LEVEL: 'warn' });
    try {
      const [, portal] = await waitFor(() => output().match(/Developer portal: (http:\/\/\S+)/), 30_000).catch(() => {
        throw new Error(`no portal URL printed; output:\n${output()}`);
      });
      assert.match(output(), /sandbox ERP http:\/\/127\.0\.0\.1:\d+, sandbox WMS http:\/\/127\.0\.0\.1:\d+/);
      const steps: string[] = [];
      // The smoke follows the order until the process tier's workflow has posted it to the ERP (at most 20 s).
      await smoke(new URL(portal as string).origin, (line) => steps.push(line), { waitMs: 20_000 });
      assert.ok(steps.some((line) => /^partner   order ord_\w+ CONFIRMED, sales order \d+$/.test(line)), steps.join('\n'));
      assert.ok(steps.some((line) => line.startsWith('system    ERP sales order')), steps.join('\n'));
      const ready = await axios.get(new URL('/health/ready', portal).toString());
      assert.equal(ready.data.status, 'pass');
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0, output());
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses to start on a wrong configuration value, naming the key', async () => {
    const { child, output } = startMain({ PORT: 'not-a-port' });
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 78);
    assert.match(output(), /server\.port \(env PORT\): Invalid input: expected number/);
  });
});
