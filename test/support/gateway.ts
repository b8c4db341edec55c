/**
 * A whole gateway for integration tests: real HTTP server on a free port, the real sandbox ERP and WMS on free
 * ports, tier clients calling back into the same process over HTTP. Its application log is kept in memory so tests
 * can follow a correlation id through every hop.
 */
import { Writable } from 'node:stream';
import { loadConfig, mergeConfig } from '../../gateway/config';
import { createLogger } from '../../gateway/logger';
import { startGateway, type RunningGateway } from '../../gateway/runtime';

export interface TestGateway extends RunningGateway {
  /** Every application log line written so far, parsed. */
  logLines(): Array<Record<string, unknown>>;
}

export async function startTestGateway(overrides: Record<string, unknown> = {}): Promise<TestGateway> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const config = loadConfig({
    env: {},
    overrides: mergeConfig(
      {
        server: { port: 0 },
        sandbox: { enabled: true, erpPort: 0, wmsPort: 0 },
        // Fast failure in tests of platform outages; the defaults are for production.
        platforms: { erp: { timeoutMs: 2000, retries: 1, retryBaseDelayMs: 10 }, wms: { timeoutMs: 2000, retries: 1, retryBaseDelayMs: 10 } },
      },
      overrides,
    ),
  });
  const gateway = await startGateway(config, { logger: createLogger({ level: 'info', stream }) });
  return { ...gateway, logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
