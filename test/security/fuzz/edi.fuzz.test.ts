/**
 * The EDI endpoint fuzzed end to end (test/support/edi-fuzz.ts) with the codec's own fuzz inputs
 * (test/support/x12-arbitraries.ts): a TA1/997/999, a 204 or a 4xx problem for every input, never a 5xx, never a
 * hang (each request answered within 10 s). FUZZ_TEST_RUNS sets the runs (default 150); `npm run fuzz` runs more.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { fuzzEdiEndpoint } from '../../support/edi-fuzz';
import { highLimitsOverlay } from '../../support/operation-fuzz';
import { startTestGateway, type TestGateway } from '../../support/gateway';

const RUNS = Number(process.env.FUZZ_TEST_RUNS ?? 20) * 8;

describe(`fuzzing the EDI endpoint with X12 fuzz inputs (${RUNS} interchanges)`, function () {
  this.timeout(90_000);
  let gateway: TestGateway;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  before(async () => {
    gateway = await startTestGateway(highLimitsOverlay());
  });
  after(async () => {
    agent.destroy();
    await gateway?.stop();
  });

  it('answers every interchange with an X12 acknowledgment, a 204 or a 4xx problem, in bounded time', async () => {
    const stats = await fuzzEdiEndpoint({ origin: gateway.url, token: await gateway.token('acme-edi'), runs: RUNS, agent, timeoutMs: 10_000 });
    assert.equal(stats.failure, undefined, stats.failure);
    assert.equal(stats.runs, RUNS);
    // The inputs reach the codec: most interchanges are answered in X12, not refused before it.
    assert.ok((stats.statuses[200] ?? 0) > RUNS / 4, JSON.stringify(stats.statuses));
  });
});
