/**
 * The HTTP server's limits, against a real listening gateway over raw sockets, with short values from configuration
 * (server.* in gateway/config/schema.ts) so each check fails if its setting is not applied: heads over
 * maxHeaderSizeBytes get a 431 problem (written for node's parser, gateway/http/client-error.ts), more header fields
 * than maxHeadersCount a 431 problem too (node would drop the extras silently), a slow-loris head or body is cut at
 * headersTimeoutMs / requestTimeoutMs (408 problem), an idle keep-alive connection at keepAliveTimeoutMs. After each
 * abuse the server still answers.
 */
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { head, rawExchange, type RawResponse } from '../../support/raw-http';

/** A refusal written for node's HTTP parser is a problem like any other. */
function assertProblem(response: RawResponse | undefined, status: number, code: string): void {
  assert.ok(response, 'no response');
  assert.equal(response.status, status);
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  assert.deepEqual([body.status, body.code, body.type], [status, code, `/portal/problems#${code}`]);
  assert.equal(typeof body.title, 'string');
}

const LIMITS = { maxHeaderSizeBytes: 4096, maxHeadersCount: 40, headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 600 };

describe('HTTP server limits (raw sockets)', function () {
  this.timeout(20_000);
  let gateway: TestGateway;
  let host: string;
  before(async () => {
    gateway = await startTestGateway({ server: LIMITS });
    host = new URL(gateway.url).host;
  });
  after(async () => {
    await gateway?.stop();
  });

  async function survives(): Promise<void> {
    const { responses } = await rawExchange(gateway.url, [head('GET /health/live HTTP/1.1', [`Host: ${host}`, 'Connection: close'])]);
    assert.equal(responses[0]?.status, 200, 'the server still answers');
  }

  it('answers 431 to a head larger than server.maxHeaderSizeBytes (4 KiB here, under node\'s 16 KiB default) and survives', async () => {
    const exchange = await rawExchange(gateway.url, [head('GET /health/live HTTP/1.1', [`Host: ${host}`, `X-Padding: ${'a'.repeat(6 * 1024)}`])]);
    assertProblem(exchange.responses[0], 431, 'ERR_HEADERS_TOO_LARGE');
    assert.ok(exchange.closed, 'connection closed');
    await survives();
  });

  it('answers 431 to a head over 16 KiB and survives', async () => {
    const lines = Array.from({ length: 20 }, (_unused, index) => `X-Big-${index}: ${'b'.repeat(1000)}`);
    const exchange = await rawExchange(gateway.url, [head('GET /health/live HTTP/1.1', [`Host: ${host}`, ...lines])]);
    assertProblem(exchange.responses[0], 431, 'ERR_HEADERS_TOO_LARGE');
    await survives();
  });

  it('refuses a request reaching server.maxHeadersCount with a 431 problem instead of serving it without the extra headers', async () => {
    const lines = Array.from({ length: LIMITS.maxHeadersCount + 5 }, (_unused, index) => `X-Many-${index}: v`);
    const token = await gateway.token('architect');
    // Authorization last: node would drop it with the other extras, and answer 401 as if none had been sent.
    const exchange = await rawExchange(gateway.url, [head('GET /process/operations/v1/kpis HTTP/1.1', [`Host: ${host}`, 'Connection: close', ...lines, `Authorization: Bearer ${token}`])]);
    const response = exchange.responses[0];
    assert.equal(response?.status, 431);
    assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(JSON.parse(response.body).code, 'ERR_HEADERS_TOO_LARGE');
    // Under the count, the same request goes through.
    const fewer = await rawExchange(gateway.url, [head('GET /process/operations/v1/kpis HTTP/1.1', [`Host: ${host}`, 'Connection: close', ...lines.slice(0, 10), `Authorization: Bearer ${token}`])]);
    assert.equal(fewer.responses[0]?.status, 200);
  });

  it('closes a connection whose head trickles in (slow-loris) within server.headersTimeoutMs', async () => {
    const pieces = [`GET /health/live HTTP/1.1\r\nHost: ${host}\r\n`, ...'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'.split('')];
    const exchange = await rawExchange(gateway.url, pieces, { intervalMs: 100, waitMs: 6000 });
    assert.ok(exchange.closed, `still open after ${Math.round(exchange.elapsedMs)} ms`);
    assert.ok(exchange.elapsedMs < LIMITS.headersTimeoutMs + 1500, `closed after ${Math.round(exchange.elapsedMs)} ms`);
    if (exchange.responses.length > 0) assertProblem(exchange.responses[0], 408, 'ERR_REQUEST_TIMEOUT');
    await survives();
  });

  it('closes a connection whose body trickles in within server.requestTimeoutMs', async () => {
    const token = await gateway.token('internal-crm');
    const pieces = [head('POST /process/orders/v2/orders HTTP/1.1', [`Host: ${host}`, `Authorization: Bearer ${token}`, 'Content-Type: application/json', 'Content-Length: 200']), ...'{"partnerId":"slow", "x": "'.split('')];
    const exchange = await rawExchange(gateway.url, pieces, { intervalMs: 100, waitMs: 8000 });
    assert.ok(exchange.closed, `still open after ${Math.round(exchange.elapsedMs)} ms`);
    assert.ok(exchange.elapsedMs < LIMITS.requestTimeoutMs + 1500, `closed after ${Math.round(exchange.elapsedMs)} ms`);
    assert.ok(exchange.elapsedMs >= LIMITS.requestTimeoutMs - 200, `closed early, after ${Math.round(exchange.elapsedMs)} ms`);
    await survives();
  });

  it('closes an idle keep-alive connection after server.keepAliveTimeoutMs', async () => {
    const exchange = await rawExchange(gateway.url, [head('GET /health/live HTTP/1.1', [`Host: ${host}`])], { waitMs: 5000 });
    assert.equal(exchange.responses[0]?.status, 200);
    assert.ok(exchange.closed, 'idle connection left open');
    // Node gives the client a further second past keepAliveTimeout before it closes (against racing a reuse).
    assert.ok(exchange.elapsedMs < LIMITS.keepAliveTimeoutMs + 2000, `closed after ${Math.round(exchange.elapsedMs)} ms`);
  });
});
