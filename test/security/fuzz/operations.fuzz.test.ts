/**
 * Every operation of every served API version, fuzzed from its own committed spec against one real gateway
 * (test/support/operation-fuzz.ts): valid inputs never get a 5xx, invalid inputs get a 4xx RFC 9457 problem, hostile
 * path parameters never get a 5xx. Bounded for `npm test` (FUZZ_TEST_RUNS runs per operation and kind, default 20);
 * `npm run fuzz` runs the same with FUZZ_RUNS=2000 and prints the counts. A failure prints fast-check's seed and
 * path: replay with `FUZZ_SEED=<seed> npm run fuzz -- --operation '<METHOD /path>'`.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { fuzzOperation, highLimitsOverlay, inParallel, loadOperations, type FuzzStats } from '../../support/operation-fuzz';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const RUNS = Number(process.env.FUZZ_TEST_RUNS ?? 20);
const operations = loadOperations();

describe(`fuzzing every operation from its spec (${RUNS} runs per operation and kind)`, function () {
  this.timeout(20_000);
  let gateway: TestGateway;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const results = new Map<string, FuzzStats[]>();

  before(async function () {
    this.timeout(170_000);
    gateway = await startTestGateway(highLimitsOverlay());
    const settled = await inParallel(operations, 4, (operation) =>
      fuzzOperation(operation, { origin: gateway.url, token: (clientId) => gateway.token(clientId), clients: gateway.config.auth.clients, runs: RUNS, agent, timeoutMs: 15_000 }),
    );
    operations.forEach((operation, index) => results.set(operation.id, settled[index]!));
  });
  after(async () => {
    agent.destroy();
    await gateway?.stop();
  });

  it('covers every operation of every served spec', () => {
    assert.ok(operations.length >= 50, `${operations.length} operations`);
    const total = [...results.values()].flat().reduce((sum, stats) => sum + stats.runs, 0);
    assert.ok(total >= operations.length * RUNS, `${total} requests`);
  });

  for (const operation of operations) {
    it(operation.id, () => {
      const failures = (results.get(operation.id) ?? []).filter((stats) => stats.failure).map((stats) => stats.failure);
      assert.deepEqual(failures, []);
    });
  }
});
