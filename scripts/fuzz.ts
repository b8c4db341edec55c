/**
 * The long fuzz run: every operation of every served spec (valid, invalid and hostile-path inputs) and the EDI
 * endpoint, against one embedded gateway, FUZZ_RUNS runs per operation and kind (default 2000). Prints the answers'
 * statuses per operation and every counterexample with fast-check's seed and path.
 *   npm run fuzz                                   # everything, 2000 runs each
 *   FUZZ_RUNS=200 npm run fuzz -- --operation 'POST /partner/customers/v2/orders'
 *   FUZZ_SEED=123 npm run fuzz -- --operation ...  # replay a reported seed
 * Exit code: 0 nothing found, 1 counterexamples found, 2 the run itself failed.
 */
import http from 'node:http';
import { fuzzEdiEndpoint, EDI_PATH } from '../test/support/edi-fuzz';
import { fuzzOperation, highLimitsOverlay, inParallel, loadOperations, type FuzzStats } from '../test/support/operation-fuzz';
import { startTestGateway } from '../test/support/gateway';

async function main(): Promise<number> {
  const runs = Number(process.env.FUZZ_RUNS ?? 2000);
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  const only = process.argv.includes('--operation') ? process.argv[process.argv.indexOf('--operation') + 1] : undefined;
  const operations = loadOperations().filter((operation) => !only || operation.id === only);
  const gateway = await startTestGateway(highLimitsOverlay());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const started = Date.now();
  try {
    const results: FuzzStats[] = [];
    const settle = (stats: FuzzStats[]) => {
      for (const entry of stats) {
        results.push(entry);
        const statuses = Object.entries(entry.statuses).map(([status, count]) => `${status}×${count}`).join(' ');
        console.log(`${entry.failure ? 'FAIL' : 'ok  '} ${entry.kind.padEnd(7)} ${entry.operation.padEnd(70)} ${String(entry.runs).padStart(6)}  ${statuses}`);
      }
    };
    await inParallel(operations, 4, async (operation) =>
      settle(await fuzzOperation(operation, { origin: gateway.url, token: (clientId) => gateway.token(clientId), clients: gateway.config.auth.clients, runs, agent, timeoutMs: 15_000, ...(seed === undefined ? {} : { seed }) })),
    );
    if (!only || only === `POST ${EDI_PATH}`) {
      settle([await fuzzEdiEndpoint({ origin: gateway.url, token: await gateway.token('acme-edi'), runs, agent, timeoutMs: 10_000, ...(seed === undefined ? {} : { seed }) })]);
    }
    const total = results.reduce((sum, entry) => sum + entry.runs, 0);
    const failures = results.filter((entry) => entry.failure);
    console.log(`\n${total} requests, ${results.length} operation×kind, ${failures.length} with counterexamples, ${Math.round((Date.now() - started) / 1000)} s`);
    for (const failure of failures) console.log(`\n${failure.failure}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    agent.destroy();
    await gateway.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 2;
  },
);
