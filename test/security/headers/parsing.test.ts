/**
 * Hostile request heads and bodies, against a real listening gateway over raw sockets (what fetch or supertest would
 * refuse to send): repeated Authorization (refused with 400, never the first or the last silently used: node keeps
 * the first, policies/request-hygiene refuses), CR, LF or NUL in a header value and Transfer-Encoding with
 * Content-Length (node's strict parser: 400 and the connection closed, nothing smuggled), bad `traceparent` and
 * `X-Correlation-Id` (replaced, never echoed), bodies that are not UTF-8 (400 problem), wrong or missing content
 * types (415 problem). The server keeps answering after each.
 */
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { head, rawExchange, type RawResponse } from '../../support/raw-http';

const ORDERS = '/process/orders/v2/orders';

function assertProblem(response: RawResponse | undefined, status: number, code?: string): void {
  assert.ok(response, 'no response');
  assert.equal(response.status, status, response.body);
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  assert.equal(body.status, status);
  assert.equal(typeof body.type, 'string');
  assert.equal(typeof body.title, 'string');
  if (code) assert.equal(body.code, code);
}

describe('hostile heads and bodies (raw sockets)', function () {
  this.timeout(20_000);
  let gateway: TestGateway;
  let host: string;
  let token: string;
  before(async () => {
    gateway = await startTestGateway();
    host = new URL(gateway.url).host;
    token = await gateway.token('internal-crm');
  });
  after(async () => {
    await gateway?.stop();
  });

  const once = (requestLine: string, lines: readonly string[], body: string | Buffer = '') =>
    rawExchange(gateway.url, [Buffer.concat([Buffer.from(head(requestLine, [`Host: ${host}`, 'Connection: close', ...lines]), 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1')])]);

  async function survives(): Promise<void> {
    const { responses } = await once('GET /health/live HTTP/1.1', []);
    assert.equal(responses[0]?.status, 200, 'the server still answers');
  }

  describe('repeated Authorization', () => {
    it('is refused with 400 whichever of the two is valid, on the APIs and on the token endpoint', async () => {
      for (const pair of [[`Bearer ${token}`, 'Bearer forged.token.value'], ['Bearer forged.token.value', `Bearer ${token}`], [`Bearer ${token}`, `Bearer ${token}`]]) {
        const { responses } = await once(`GET ${ORDERS}?limit=1 HTTP/1.1`, pair.map((value) => `Authorization: ${value}`));
        assertProblem(responses[0], 400, 'ERR_MALFORMED_REQUEST');
      }
      const basic = `Basic ${Buffer.from('internal-crm:dev-secret-internal-crm-9Lp4').toString('base64')}`;
      const form = 'grant_type=client_credentials';
      const { responses } = await once('POST /oauth/token HTTP/1.1', [`Authorization: ${basic}`, 'Authorization: Basic Zm9yZ2VkOnNlY3JldA==', 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${form.length}`], form);
      assertProblem(responses[0], 400, 'ERR_MALFORMED_REQUEST');
      // One of them alone works.
      assert.equal((await once(`GET ${ORDERS}?limit=1 HTTP/1.1`, [`Authorization: Bearer ${token}`])).responses[0]?.status, 200);
    });

    it('refuses a repeated Content-Type or Host the same way', async () => {
      const body = '{}';
      const { responses } = await once(`POST ${ORDERS} HTTP/1.1`, [`Authorization: Bearer ${token}`, 'Content-Type: text/plain', 'Content-Type: application/json', `Content-Length: ${body.length}`], body);
      assertProblem(responses[0], 400, 'ERR_MALFORMED_REQUEST');
      const twoHosts = await rawExchange(gateway.url, [head('GET /health/live HTTP/1.1', [`Host: ${host}`, 'Host: evil.example', 'Connection: close'])]);
      assert.equal(twoHosts.responses[0]?.status, 400);
    });
  });

  describe('what node\'s strict parser refuses (400 problem, connection closed)', () => {
    for (const [name, line] of [
      ['a bare CR in a value', 'X-Note: a\rInjected: 1'],
      ['a bare LF in a value', 'X-Note: a\nInjected: 1'],
      ['a NUL in a value', 'X-Note: a\u0000b'],
      ['a NUL in a name', 'X-No\u0000te: a'],
      ['a space before the colon', 'X-Note : a'],
    ] as const) {
      it(`${name}`, async () => {
        const exchange = await once(`GET ${ORDERS} HTTP/1.1`, [`Authorization: Bearer ${token}`, line]);
        assertProblem(exchange.responses[0], 400, 'ERR_MALFORMED_REQUEST');
        assert.ok(exchange.closed);
        await survives();
      });
    }

    it('Transfer-Encoding together with Content-Length: refused, and the smuggled request never runs', async () => {
      const smuggled = head('GET /health/ready HTTP/1.1', [`Host: ${host}`]);
      const body = `0\r\n\r\n${smuggled}`;
      const exchange = await rawExchange(gateway.url, [head(`POST ${ORDERS} HTTP/1.1`, [`Host: ${host}`, `Authorization: Bearer ${token}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Transfer-Encoding: chunked']) + body]);
      assertProblem(exchange.responses[0], 400, 'ERR_MALFORMED_REQUEST');
      assert.equal(exchange.responses.length, 1, `a second response: ${exchange.raw}`);
      assert.ok(exchange.closed);
      await survives();
    });

    it('an obfuscated Transfer-Encoding with Content-Length: refused', async () => {
      const exchange = await rawExchange(gateway.url, [head(`POST ${ORDERS} HTTP/1.1`, [`Host: ${host}`, 'Content-Length: 4', 'Transfer-Encoding: xchunked']) + 'abcd']);
      assert.equal(exchange.responses[0]?.status, 400, exchange.raw);
      await survives();
    });
  });

  describe('trace context and correlation id', () => {
    const offeredTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    for (const traceparent of [
      `ff-${offeredTraceId}-00f067aa0ba902b7-01`,
      `00-${offeredTraceId}-00f067aa0ba902b7-01-extra`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${offeredTraceId}-${'0'.repeat(16)}-01`,
      `00-${offeredTraceId.toUpperCase()}-00f067aa0ba902b7-01`,
      `00-${offeredTraceId}-00f067aa0ba902b7`,
      `00-${offeredTraceId}x-00f067aa0ba902b7-01`,
      `00-${offeredTraceId}-00f067aa0ba902b7-01\t<script>`,
      `${'a'.repeat(2000)}`,
      'garbage',
    ]) {
      it(`ignores traceparent ${JSON.stringify(traceparent.slice(0, 60))}: a fresh trace, the offered value never echoed`, async () => {
        const { responses } = await once('GET /health/live HTTP/1.1', [`traceparent: ${traceparent}`]);
        const answered = responses[0]?.headers.traceparent ?? '';
        assert.match(answered, /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
        assert.ok(!answered.includes(offeredTraceId), `trace continued: ${answered}`);
        assert.ok(!Object.values(responses[0]!.headers).some((value) => value.includes(traceparent)), 'echoed');
      });
    }

    it('continues a valid traceparent (so the checks above test the refusal, not a policy that never continues)', async () => {
      const { responses } = await once('GET /health/live HTTP/1.1', [`traceparent: 00-${offeredTraceId}-00f067aa0ba902b7-01`]);
      assert.ok(responses[0]?.headers.traceparent?.includes(offeredTraceId));
    });

    for (const correlationId of ['has spaces', 'x'.repeat(200), '<script>alert(1)</script>', 'a,b', 'line\tbreak', '-leading-dash', 'caf\u00e9', '\u00ff\u00fe']) {
      it(`replaces X-Correlation-Id ${JSON.stringify(correlationId.slice(0, 30))} and never echoes it`, async () => {
        const { responses } = await once('GET /health/nope HTTP/1.1', [`X-Correlation-Id: ${correlationId}`]);
        const response = responses[0]!;
        assert.match(response.headers['x-correlation-id'] ?? '', /^[0-9a-f-]{36}$/);
        assert.ok(!response.body.includes(correlationId) && !Object.values(response.headers).some((value) => value.includes(correlationId)), 'echoed');
      });
    }

    it('keeps a well-formed X-Correlation-Id (the control)', async () => {
      const { responses } = await once('GET /health/live HTTP/1.1', ['X-Correlation-Id: order-4711.retry:2']);
      assert.equal(responses[0]?.headers['x-correlation-id'], 'order-4711.retry:2');
    });
  });

  describe('bodies of JSON operations', () => {
    const post = (lines: readonly string[], body: string | Buffer) => once(`POST ${ORDERS} HTTP/1.1`, [`Authorization: Bearer ${token}`, `Content-Length: ${Buffer.byteLength(body)}`, ...lines], body);

    for (const [name, bytes] of [
      ['a lone continuation byte', Buffer.from('{"partnerId":"\x80"}', 'latin1')],
      ['latin1 é', Buffer.from('{"partnerId":"caf\xe9"}', 'latin1')],
      ['an overlong slash', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d])],
      ['a UTF-16 surrogate in UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])],
      ['a truncated sequence', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d])],
    ] as const) {
      it(`refuses a body that is not UTF-8 (${name}) with a 400 problem`, async () => {
        assertProblem((await post(['Content-Type: application/json'], bytes)).responses[0], 400, 'ERR_MALFORMED_BODY');
      });
    }

    it('still takes UTF-8 text (the control): a valid body with é gets past body parsing', async () => {
      const { responses } = await post(['Content-Type: application/json; charset=utf-8'], Buffer.from('{"partnerNote":"café"}', 'utf8'));
      assert.equal(responses[0]?.status, 400);
      assert.notEqual(JSON.parse(responses[0]!.body).code, 'ERR_MALFORMED_BODY');
    });

    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/jsonp', 'json']) {
      it(`refuses Content-Type ${contentType} with a 415 problem`, async () => {
        assertProblem((await post([`Content-Type: ${contentType}`], '{}')).responses[0], 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
      });
    }

    it('refuses a body without a Content-Type with a 415 problem', async () => {
      assertProblem((await post([], '{"partnerId":"acme"}')).responses[0], 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses an unsupported charset with a 415 problem', async () => {
      assertProblem((await post(['Content-Type: application/json; charset=ebcdic'], '{}')).responses[0], 415);
    });
  });
});
