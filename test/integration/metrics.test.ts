/**
 * Metrics and the operations activity series through whole gateways: scrape /metrics after real requests and check
 * that exactly the expected series moved; who may scrape on the main port (401, 403); the separate metrics port;
 * log lines carrying the request's trace; the per-minute activity of one instance in memory and of two instances
 * adding up in Redis.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { orderSubmission } from '../support/orders';
import { head, rawExchange } from '../support/raw-http';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { testRedis, type TestRedis } from '../support/redis';

/** The value of the series `name{labels}` (labels exactly as prom-client writes them), or undefined when absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split('\n').find((candidate) => candidate.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

/** Sum of every series of `name` whose labels satisfy `keep`. */
function sum(text: string, name: string, keep: (labels: string) => boolean = () => true): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => /^[^{]+\{(.*)\} (\S+)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && keep(match[1] as string))
    .reduce((total, match) => total + Number(match[2]), 0);
}

async function scrape(gateway: TestGateway): Promise<string> {
  const response = await (await gateway.as('architect')).get('/metrics').expect(200);
  assert.match(response.headers['content-type'] ?? '', /^text\/plain; version=0\.0\.4/);
  return response.text;
}

interface Series {
  from: string;
  to: string;
  bucketSeconds: number;
  buckets: Array<{ start: string; requests: number; serverErrors: number; clientErrors: number; latencyMs: { p50: number | null; p95: number | null }; ordersReceived: number; exceptionsOpened: number }>;
}

const total = (series: Series, field: 'requests' | 'serverErrors' | 'clientErrors' | 'ordersReceived' | 'exceptionsOpened') =>
  series.buckets.reduce((all, bucket) => all + bucket[field], 0);

const CUSTOMERS_V2_LIST = 'tier="partner",api="customers",version="v2",operation="GET /partner/customers/v2/orders"';

describe('metrics (integration)', function () {
  this.timeout(60_000);

  describe('on the main port', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({ throttling: { plans: { bronze: { limit: 3, windowSeconds: 60 } } } });
    });
    after(async () => {
      await gateway?.stop();
    });

    it('counts API requests by the spec’s operation name and plan, and a 429 as a throttling decision', async () => {
      const initech = await gateway.as('initech-dev');
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await initech.get('/partner/customers/v2/orders').query({ customerReference: 'NONE' })).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const text = await scrape(gateway);
      assert.equal(sample(text, 'gateway_http_requests_total', `${CUSTOMERS_V2_LIST},status="200",plan="bronze"`), 3);
      assert.equal(sample(text, 'gateway_http_requests_total', `${CUSTOMERS_V2_LIST},status="429",plan="bronze"`), 1);
      assert.equal(sample(text, 'gateway_http_request_duration_seconds_count', `${CUSTOMERS_V2_LIST},status_class="2xx",plan="bronze"`), 3);
      assert.equal(sample(text, 'gateway_http_request_duration_seconds_bucket', `le="10",${CUSTOMERS_V2_LIST},status_class="2xx",plan="bronze"`), 3);
      assert.equal(sample(text, 'gateway_policy_decisions_total', 'policy="throttling",status="429",reason="ERR_RATE_LIMITED"'), 1);
      // The partner tier's call into the process tier is its own request, as the gateway's tiers (plan internal).
      assert.ok((sample(text, 'gateway_http_requests_total', 'tier="process",api="orders",version="v2",operation="GET /process/orders/v2/orders",status="200",plan="internal"') ?? 0) >= 3);
    });

    it('labels a request outside every API tier="none", operation="unmatched", never with its path', async () => {
      await request(gateway.url).get('/no-such-thing/ord_12345').expect(404);
      const text = await scrape(gateway);
      assert.equal(sample(text, 'gateway_http_requests_total', 'tier="none",api="none",version="none",operation="unmatched",status="404",plan="none"'), 1);
      assert.doesNotMatch(text, /no-such-thing|ord_12345/);
    });

    it('counts a call of a deprecated version for its client', async () => {
      const labels = 'tier="partner",api="customers",version="v1",client="globex-dev"';
      const before = sample(await scrape(gateway), 'gateway_deprecated_calls_total', labels) ?? 0;
      const globex = await gateway.as('globex-dev');
      await globex.get('/partner/customers/v1/orders/ord_ffffffffffffffffffffffffffffffff').expect(404);
      await globex.get('/partner/customers/v1/orders/ord_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee').expect(404);
      assert.equal(sample(await scrape(gateway), 'gateway_deprecated_calls_total', labels), before + 2);
      assert.equal(before, 0);
    });

    it('times each call to the ERP in the upstream histogram', async () => {
      const labels = 'platform="ERP",method="GET",outcome="success"';
      const before = sample(await scrape(gateway), 'gateway_upstream_request_duration_seconds_count', labels) ?? 0;
      await (await gateway.as('architect')).get('/system/erp/v1/customers/0010100001').expect(200);
      const after = sample(await scrape(gateway), 'gateway_upstream_request_duration_seconds_count', labels) ?? 0;
      assert.ok(after >= before + 1, `ERP calls counted: ${before} → ${after}`);
      assert.equal(sum(await scrape(gateway), 'gateway_upstream_errors_total'), 0);
    });

    it('reports the circuits, the bus queues and the workflow’s gauges, and Node’s process metrics', async () => {
      const text = await scrape(gateway);
      assert.equal(sample(text, 'gateway_circuit_breaker_state', 'platform="ERP"'), 0);
      assert.equal(sample(text, 'gateway_circuit_breaker_state', 'platform="WMS"'), 0);
      assert.equal(sample(text, 'gateway_event_bus_pending_messages', 'topic="orders.steps",group="process"'), 0);
      assert.equal(sample(text, 'gateway_event_bus_dead_lettered_messages', 'topic="orders.events",group="partner-edi"'), 0);
      assert.match(text, /^process_resident_memory_bytes \d+/m);
      assert.match(text, /^# TYPE gateway_orders_by_status gauge$/m);
    });

    it('refuses /metrics without a token (401, WWW-Authenticate) and to a token without operations.read (403 problem)', async () => {
      const before = await scrape(gateway);
      const anonymous = await request(gateway.url).get('/metrics').expect(401);
      assert.match(anonymous.headers['www-authenticate'] ?? '', /^Bearer realm="distribution-gateway", error="invalid_token"/);
      assert.match(anonymous.headers['content-type'] ?? '', /application\/problem\+json/);
      const partner = await (await gateway.as('globex-dev')).get('/metrics').expect(403);
      assert.match(partner.headers['content-type'] ?? '', /application\/problem\+json/);
      assert.equal(partner.body.code, 'ERR_FORBIDDEN');
      assert.deepEqual(partner.body.requiredScopes, ['operations.read']);
      assert.match(partner.headers['www-authenticate'] ?? '', /error="insufficient_scope", scope="operations.read"/);
      assert.doesNotMatch(partner.text, /gateway_http_requests_total/);
      const after = await scrape(gateway);
      const moved = (labels: string) => (sample(after, 'gateway_policy_decisions_total', labels) ?? 0) - (sample(before, 'gateway_policy_decisions_total', labels) ?? 0);
      assert.equal(moved('policy="authentication",status="401",reason="ERR_UNAUTHENTICATED"'), 1);
      assert.equal(moved('policy="authorization",status="403",reason="ERR_FORBIDDEN"'), 1);
    });

    it('answers the activity series: one bucket per minute, the API requests the metrics counted, orders received', async () => {
      const architect = await gateway.as('architect');
      const crm = await gateway.as('internal-crm');
      await crm.post('/process/orders/v2/orders').send(orderSubmission()).expect(202);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the order's first steps call the system tier
      const text = await scrape(gateway);
      const apiRequests = sum(text, 'gateway_http_requests_total', (labels) => !labels.startsWith('tier="none"'));
      const apiClientErrors = sum(text, 'gateway_http_requests_total', (labels) => !labels.startsWith('tier="none"') && /status="4\d\d"/.test(labels));
      const series = (await architect.get('/process/operations/v1/activity').query({ minutes: 180 }).expect(200)).body as Series;
      assert.equal(series.buckets.length, 180);
      // Steps of the order may still be calling the system tier: the series may be ahead of the scrape, never behind.
      assert.ok(total(series, 'requests') >= apiRequests && total(series, 'requests') <= apiRequests + 20, `${total(series, 'requests')} vs ${apiRequests}`);
      assert.ok(total(series, 'clientErrors') >= apiClientErrors, `${total(series, 'clientErrors')} vs ${apiClientErrors}`);
      assert.equal(total(series, 'ordersReceived'), 1);
      assert.equal(total(series, 'exceptionsOpened'), 0);
      const busy = series.buckets.filter((bucket) => bucket.requests > 0);
      assert.ok(busy.length >= 1 && busy.every((bucket) => bucket.latencyMs.p50 !== null && (bucket.latencyMs.p95 as number) >= (bucket.latencyMs.p50 as number)));

      const short = (await architect.get('/process/operations/v1/activity').query({ minutes: 5 }).expect(200)).body as Series;
      assert.deepEqual(Object.keys(short), ['from', 'to', 'bucketSeconds', 'buckets']);
      assert.equal(short.bucketSeconds, 60);
      assert.equal(short.buckets.length, 5);
      assert.equal(short.from, short.buckets[0]?.start);
      assert.ok(Date.parse(short.to) - Date.parse(short.buckets[4]!.start) < 60_000, 'the last bucket is the current minute');
      for (let index = 1; index < 5; index += 1) assert.equal(Date.parse(short.buckets[index]!.start) - Date.parse(short.buckets[index - 1]!.start), 60_000);
      const defaults = (await architect.get('/process/operations/v1/activity').expect(200)).body as Series;
      assert.equal(defaults.buckets.length, 60);
      const empty = defaults.buckets[0]!;
      assert.deepEqual(empty, { start: empty.start, requests: 0, serverErrors: 0, clientErrors: 0, latencyMs: { p50: null, p95: null }, ordersReceived: 0, exceptionsOpened: 0 });

      await architect.get('/process/operations/v1/activity').query({ minutes: 4 }).expect(400);
      await architect.get('/process/operations/v1/activity').query({ minutes: 181 }).expect(400);
      await (await gateway.as('globex-dev')).get('/process/operations/v1/activity').expect(403);
    });
  });

  describe('on a separate port', () => {
    let gateway: TestGateway;
    before(async () => {
      gateway = await startTestGateway({ metrics: { port: 0 }, server: { maxHeaderSizeBytes: 4096 } });
    });
    after(async () => {
      await gateway?.stop();
    });

    it('serves /metrics there without a token, and not at all on the main port', async () => {
      assert.ok(gateway.metricsUrl, 'the gateway says where its metrics port is');
      assert.match(gateway.metricsUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      await request(gateway.url).get('/health/live').expect(200);
      const text = (await request(gateway.metricsUrl).get('/metrics').expect(200)).text;
      assert.equal(sample(text, 'gateway_http_requests_total', 'tier="none",api="none",version="none",operation="unmatched",status="200",plan="none"'), 1);
      await (await gateway.as('architect')).get('/metrics').expect(404);
      await request(gateway.metricsUrl).get('/other').expect(404);
    });

    it('applies the server.* limits there too: a head over maxHeaderSizeBytes is a 431 problem', async () => {
      const host = new URL(gateway.metricsUrl!).host;
      const exchange = await rawExchange(gateway.metricsUrl!, [head('GET /metrics HTTP/1.1', [`Host: ${host}`, `X-Padding: ${'a'.repeat(6 * 1024)}`])]);
      assert.equal(exchange.responses[0]?.status, 431, exchange.raw);
      assert.equal(JSON.parse(exchange.responses[0]!.body).code, 'ERR_HEADERS_TOO_LARGE');
      await request(gateway.metricsUrl!).get('/metrics').expect(200);
    });

    it('writes the request’s correlation id and trace id on every log line of the request, and counts the ERP failing', async () => {
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      await gateway.sandboxes.erp!.close();
      const failed = await (await gateway.as('architect'))
        .get('/system/erp/v1/customers/0010100001')
        .set('traceparent', `00-${traceId}-b7ad6b7169203331-01`)
        .set('X-Correlation-Id', 'metrics-trace-test-1');
      assert.ok(failed.status >= 500, `status ${failed.status}`);
      const lines = gateway.logLines().filter((line) => line.correlationId === 'metrics-trace-test-1');
      const failure = lines.find((line) => line.message === 'request failed');
      assert.ok(failure, `no 'request failed' line among ${JSON.stringify(lines)}`);
      assert.equal(failure.traceId, traceId);
      const text = (await request(gateway.metricsUrl!).get('/metrics').expect(200)).text;
      assert.equal(sample(text, 'gateway_upstream_errors_total', 'platform="ERP",method="GET",outcome="network_error"'), 2, 'the first attempt and its retry');
    });
  });

  describe('two instances sharing Redis', () => {
    let redis: TestRedis | undefined;
    const gateways: TestGateway[] = [];
    before(async function () {
      redis = await testRedis();
      if (!redis) this.skip();
      const shared = { state: { redisUrl: redis.url, keyPrefix: redis.keyPrefix }, metrics: { activityFlushIntervalMs: 100 } };
      gateways.push(await startTestGateway(shared), await startTestGateway(shared));
    });
    after(async () => {
      for (const gateway of gateways) await gateway.stop();
      await redis?.cleanup();
    });

    it('adds up both instances’ per-minute requests, and reads orders from the shared store', async () => {
      const [a, b] = gateways as [TestGateway, TestGateway];
      const onA = await a.as('architect');
      const onB = await b.as('architect');
      await onA.get('/system/erp/v1/customers/0010100001').expect(200);
      await onA.get('/system/erp/v1/customers/0010199999').expect(404);
      for (let i = 0; i < 3; i += 1) await onB.get('/system/erp/v1/customers/0010100001').expect(200);
      await new Promise((resolve) => setTimeout(resolve, 400)); // B's flush interval is 100 ms
      const fromA = (await onA.get('/process/operations/v1/activity').query({ minutes: 5 }).expect(200)).body as Series;
      assert.equal(total(fromA, 'requests'), 5);
      assert.equal(total(fromA, 'clientErrors'), 1);
      assert.equal(total(fromA, 'serverErrors'), 0);
      assert.ok(fromA.buckets.some((bucket) => bucket.latencyMs.p50 !== null));
      await new Promise((resolve) => setTimeout(resolve, 400)); // A's own activity request is flushed too
      const fromB = (await onB.get('/process/operations/v1/activity').query({ minutes: 5 }).expect(200)).body as Series;
      assert.equal(total(fromB, 'requests'), 6);

      const crm = await b.as('internal-crm');
      await crm.post('/process/orders/v2/orders').send(orderSubmission()).expect(202);
      const withOrder = (await onA.get('/process/operations/v1/activity').query({ minutes: 5 }).expect(200)).body as Series;
      assert.equal(total(withOrder, 'ordersReceived'), 1, 'the order B received, counted from the shared store');
    });

    it('keeps each instance’s metrics its own (one registry per gateway)', async () => {
      const [a, b] = gateways as [TestGateway, TestGateway];
      // Only A answered a 404 (the workflow's own calls, served by either instance, never look up a missing customer).
      const labels = 'tier="system",api="erp",version="v1",operation="GET /system/erp/v1/customers/{customerNumber}",status="404",plan="internal"';
      assert.equal(sample(await scrape(a), 'gateway_http_requests_total', labels), 1);
      assert.equal(sample(await scrape(b), 'gateway_http_requests_total', labels), undefined);
    });
  });
});
