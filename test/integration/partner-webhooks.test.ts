/**
 * Customer API v2 webhooks through the real gateway, sandboxes and a real local HTTP receiver: subscriptions, Standard
 * Webhooks signatures checked by an implementation written here (not the gateway's), retries with backoff in the
 * delivery log, and isolation between partners.
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CustomerWebhookService } from '../../apis/partner/customers/webhooks/customer-webhook-service';
import { createTargetPolicy } from '../../apis/partner/customers/webhooks/target-policy';
import { MemoryWebhookStore } from '../../apis/partner/customers/webhooks/webhook-store';
import { customerWebhooksSchema } from '../../apis/partner/customers/config-schema';
import { CustomerOrderService } from '../../apis/partner/customers/customer-order-service';
import type { OrdersProcessClient } from '../../apis/process/orders/v2/client';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { reached, waitForOrder } from '../support/orders';

type Agent = Awaited<ReturnType<TestGateway['as']>>;
const V2 = '/partner/customers/v2';
const TOLERANCE_SECONDS = 5 * 60;

/** Standard Webhooks verification, independently of the gateway's code: HMAC-SHA256 over `${id}.${timestamp}.${body}`. */
function verify(secret: string, headers: http.IncomingHttpHeaders, body: string, now = Date.now()): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  assert.ok(secret.startsWith('whsec_'));
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
  status: number;
}

/** A local receiver; `failFirst` attempts of each webhook-id answer 503. */
async function startReceiver(failFirst = 0): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      const count = (seen.get(id) ?? 0) + 1;
      seen.set(id, count);
      const status = count <= failFirst ? 503 : 204;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), status });
      response.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const FAST = {
  sandbox: { shipDelayMs: 100, billingDelayMs: 100 },
  process: { workflow: { pollIntervalMs: 50, retryBaseDelayMs: 50, retryMaxDelayMs: 400, leaseMs: 5000, sweepIntervalMs: 200, sweepGraceMs: 6000 } },
  channels: { customers: { webhooks: { allowInsecureUrls: true, allowPrivateAddresses: true, maxAttempts: 4, retryBaseDelayMs: 200, retryMaxDelayMs: 2000, timeoutMs: 2000 } } },
};
const ALL = ['order.acknowledged', 'order.shipped', 'order.invoiced'];

let sequence = 0;
const oneItem = () => ({ customerReference: `REF-HOOK-${process.pid}-${Date.now()}-${(sequence += 1)}`, items: [{ lineNumber: '7', sku: 'TG-10001', quantity: { value: '1', unit: 'CS' } }] });

describe('customer API v2 webhooks (integration)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let globex: Agent;
  let initech: Agent;
  let crm: Agent;
  const receivers: Array<Awaited<ReturnType<typeof startReceiver>>> = [];
  const receiver = async (failFirst = 0) => {
    const made = await startReceiver(failFirst);
    receivers.push(made);
    return made;
  };

  before(async () => {
    gateway = await startTestGateway(FAST);
    globex = await gateway.as('globex-dev');
    initech = await gateway.as('initech-dev');
    crm = await gateway.as('internal-crm');
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all(receivers.map((made) => made.close()));
  });

  it('delivers acknowledged, shipped and invoiced events signed as Standard Webhooks, in v2’s JSON, only to the order’s partner', async () => {
    const mine = await receiver();
    const theirs = await receiver();
    const created = await globex.post(`${V2}/webhooks`).send({ url: mine.url, eventTypes: ALL, description: 'test' }).expect(201);
    assert.match(created.body.id, /^whsub_/);
    assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/=]+$/);
    assert.equal(created.headers.location, `${V2}/webhooks/${created.body.id}`);
    const other = await initech.post(`${V2}/webhooks`).send({ url: theirs.url, eventTypes: ALL }).expect(201);

    const placed = await globex.post(`${V2}/orders`).send(oneItem()).expect(201);
    const initechOrder = await initech.post(`${V2}/orders`).send(oneItem()).expect(201);
    await waitForOrder(crm, placed.body.id, reached('INVOICED'), 30_000);
    await waitForOrder(crm, initechOrder.body.id, reached('INVOICED'), 30_000);
    const types = await until('globex’s three event types', () => {
      const seen = new Set(mine.received.map((entry) => JSON.parse(entry.body).type));
      return seen.size === 3 ? seen : undefined;
    });
    assert.deepEqual([...types].sort(), [...ALL].sort());

    for (const entry of mine.received) {
      assert.ok(verify(created.body.secret, entry.headers, entry.body), `signature of ${entry.headers['webhook-id']}`);
      assert.ok(!verify(other.body.secret, entry.headers, entry.body), 'not signed with another subscription’s secret');
      assert.ok(!verify(created.body.secret, entry.headers, `${entry.body} `), 'a changed body fails');
      assert.equal(entry.headers['content-type'], 'application/json');
      const payload = JSON.parse(entry.body);
      if (payload.type === 'order.acknowledged') {
        assert.equal(payload.data.order.id, placed.body.id);
        assert.equal(payload.data.order.status, 'CONFIRMED');
        assert.equal(payload.data.order.items[0].lineNumber, '7');
      } else if (payload.type === 'order.shipped') {
        assert.equal(payload.data.shipment.orderId, placed.body.id);
        assert.match(payload.data.shipment.handlingUnits[0].sscc, /^\d{18}$/);
        assert.equal(payload.data.shipment.handlingUnits[0].contents[0].lineNumber, '7');
      } else {
        assert.equal(payload.data.invoice.orderId, placed.body.id);
        assert.equal(payload.data.invoice.totals.total.currency, 'USD');
      }
      assert.ok(!entry.body.includes(initechOrder.body.id), 'never another partner’s order');
    }
    // The old timestamp and a foreign one fail the receiver's check.
    const sample = mine.received[0]!;
    assert.ok(!verify(created.body.secret, sample.headers, sample.body, Date.now() + (TOLERANCE_SECONDS + 60) * 1000));

    // Initech gets its own order's events and none of Globex's.
    await until('initech’s events', () => (theirs.received.length >= 3 ? true : undefined));
    for (const entry of theirs.received) {
      assert.ok(verify(other.body.secret, entry.headers, entry.body));
      assert.ok(!entry.body.includes(placed.body.id));
    }

    const log = await until('a delivered log', async () => {
      const answer = await globex.get(`${V2}/webhooks/${created.body.id}/deliveries`).expect(200);
      return answer.body.deliveries.length >= 3 && answer.body.deliveries.every((d: any) => d.status === 'DELIVERED') ? answer.body.deliveries : undefined;
    });
    for (const entry of log) {
      assert.equal(entry.attempts, 1);
      assert.equal(entry.lastStatus, 204);
      assert.equal(entry.orderId, placed.body.id);
      assert.ok(entry.deliveredAt);
      assert.equal(entry.nextAttemptAt, undefined);
    }
    assert.deepEqual(new Set(log.map((entry: any) => entry.eventId)), new Set(mine.received.map((entry) => entry.headers['webhook-id'])));
  });

  it('retries a failing receiver with growing backoff, the same webhook-id each time, and shows it in the delivery log', async () => {
    const flaky = await receiver(2);
    const created = await globex.post(`${V2}/webhooks`).send({ url: flaky.url, eventTypes: ['order.acknowledged'] }).expect(201);
    const placed = await globex.post(`${V2}/orders`).send(oneItem()).expect(201);
    const delivered = await until('the third attempt to succeed', async () => {
      const answer = await globex.get(`${V2}/webhooks/${created.body.id}/deliveries`).expect(200);
      const entry = answer.body.deliveries.find((d: any) => d.orderId === placed.body.id);
      if (entry && entry.status === 'PENDING' && entry.attempts >= 1) {
        assert.equal(entry.lastStatus, 503);
        assert.equal(entry.lastError, 'answered 503');
        assert.ok(entry.nextAttemptAt);
      }
      return entry?.status === 'DELIVERED' ? entry : undefined;
    });
    assert.equal(delivered.attempts, 3);
    assert.equal(delivered.lastStatus, 204);
    const attempts = flaky.received.filter((entry) => entry.body.includes(placed.body.id));
    assert.deepEqual(attempts.map((entry) => entry.status), [503, 503, 204]);
    assert.equal(new Set(attempts.map((entry) => entry.headers['webhook-id'])).size, 1);
    for (const entry of attempts) assert.ok(verify(created.body.secret, entry.headers, entry.body));
    const [first, second, third] = attempts.map((entry) => entry.at);
    // Base 200 ms ±20 %, then 400 ms ±20 %.
    assert.ok(second! - first! >= 150, `first backoff ${second! - first!} ms`);
    assert.ok(third! - second! >= 300, `second backoff ${third! - second!} ms`);
  });

  it('gives up after the configured attempts and says FAILED', async () => {
    const dead = await receiver(100);
    const created = await globex.post(`${V2}/webhooks`).send({ url: dead.url, eventTypes: ['order.acknowledged'] }).expect(201);
    const placed = await globex.post(`${V2}/orders`).send(oneItem()).expect(201);
    const failed = await until('FAILED', async () => {
      const answer = await globex.get(`${V2}/webhooks/${created.body.id}/deliveries`).expect(200);
      const entry = answer.body.deliveries.find((d: any) => d.orderId === placed.body.id);
      return entry?.status === 'FAILED' ? entry : undefined;
    });
    assert.equal(failed.attempts, 4);
    assert.equal(failed.nextAttemptAt, undefined);
    assert.equal(dead.received.filter((entry) => entry.body.includes(placed.body.id)).length, 4);
  });

  it('lists, deletes and isolates subscriptions; another partner’s id is a 404', async () => {
    const target = await receiver();
    const created = await initech.post(`${V2}/webhooks`).send({ url: target.url, eventTypes: ['order.shipped'] }).expect(201);
    const listed = await initech.get(`${V2}/webhooks`).expect(200);
    const entry = listed.body.subscriptions.find((s: any) => s.id === created.body.id);
    assert.deepEqual(entry, { id: created.body.id, url: target.url, eventTypes: ['order.shipped'], createdAt: created.body.createdAt });
    assert.ok(!JSON.stringify(listed.body).includes('whsec_'), 'the secret is shown once only');
    const globexList = await globex.get(`${V2}/webhooks`).expect(200);
    assert.ok(!globexList.body.subscriptions.some((s: any) => s.id === created.body.id));
    await globex.get(`${V2}/webhooks/${created.body.id}/deliveries`).expect(404);
    await globex.delete(`${V2}/webhooks/${created.body.id}`).expect(404);
    await initech.delete(`${V2}/webhooks/${created.body.id}`).expect(204);
    await initech.delete(`${V2}/webhooks/${created.body.id}`).expect(404);
    await initech.get(`${V2}/webhooks/${created.body.id}/deliveries`).expect(404);
  });

  it('refuses malformed subscriptions: unknown event type, a URL with credentials, no event', async () => {
    const bad = await globex.post(`${V2}/webhooks`).send({ url: 'https://hooks.example.com/', eventTypes: ['order.cancelled'] }).expect(400);
    assert.equal(bad.body.code, 'ERR_VALIDATION');
    await globex.post(`${V2}/webhooks`).send({ url: 'https://user:pw@hooks.example.com/', eventTypes: ALL }).expect(400);
    await globex.post(`${V2}/webhooks`).send({ url: 'ftp://hooks.example.com/', eventTypes: ALL }).expect(400);
    await globex.post(`${V2}/webhooks`).send({ url: 'https://hooks.example.com/', eventTypes: [] }).expect(400);
  });

  it('accepts https only unless channels.customers.webhooks.allowInsecureUrls (default false)', async () => {
    const customerOrders = new CustomerOrderService({ orders: {} as OrdersProcessClient, partners: [{ id: 'globex', name: 'Globex', customerNumbers: ['0010100001'], fulfilment: { backorders: true, shipComplete: false } }], currency: 'USD' });
    const config = customerWebhooksSchema.parse({});
    // hooks.example.com resolves publicly through an injected resolver: no real DNS in tests.
    const targets = createTargetPolicy({ ...config, resolve: async () => [{ address: '93.184.215.14', family: 4 }] });
    const service = new CustomerWebhookService({ store: new MemoryWebhookStore(), customerOrders, config, targets });
    const caller = { clientId: 'globex-dev', partnerId: 'globex' };
    await assert.rejects(service.create({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['order.shipped'] }, caller), (error: any) => error.code === 'ERR_VALIDATION' && /https/.test(error.message));
    const created = await service.create({ url: 'https://hooks.example.com/', eventTypes: ['order.shipped'] }, caller);
    assert.match(created.secret, /^whsec_/);
  });
});

describe('customer API v2 webhooks: SSRF protection (integration)', function () {
  this.timeout(60_000);
  let gateway: TestGateway;
  let globex: Agent;

  before(async () => {
    // http allowed, private addresses not (the default): what is refused is the address, not the scheme.
    gateway = await startTestGateway({ channels: { customers: { webhooks: { allowInsecureUrls: true } } } });
    globex = await gateway.as('globex-dev');
  });
  after(async () => {
    await gateway?.stop();
  });

  const refused: Array<[string, RegExp]> = [
    ['http://127.0.0.1:8080/hooks', /^is a loopback address 127\.0\.0\.1$/],
    ['http://169.254.169.254/latest/meta-data/', /^is the cloud metadata address 169\.254\.169\.254$/],
    ['http://[::1]/hooks', /^is a loopback address ::1$/],
    ['http://2130706433/hooks', /^is a loopback address 127\.0\.0\.1$/],
    ['http://[::ffff:127.0.0.1]/hooks', /^is a loopback address ::ffff:7f00:1$/],
    ['http://10.0.0.5/hooks', /^is a private address 10\.0\.0\.5$/],
  ];
  for (const [url, reason] of refused) {
    it(`refuses ${url} with a 400 naming body.url`, async () => {
      const answer = await globex.post(`${V2}/webhooks`).send({ url, eventTypes: ALL }).expect(400);
      assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
      assert.equal(answer.body.code, 'ERR_VALIDATION');
      assert.equal(answer.body.errors.length, 1, JSON.stringify(answer.body));
      assert.equal(answer.body.errors[0].name, 'body.url');
      assert.equal(answer.body.errors[0].value, url);
      assert.match(answer.body.errors[0].message, reason);
      assert.equal(answer.body.detail, `Invalid webhook URL: ${answer.body.errors[0].message}`);
    });
  }

  it('lists none of the refused subscriptions', async () => {
    const listed = await globex.get(`${V2}/webhooks`).expect(200);
    assert.deepEqual(listed.body.subscriptions, []);
  });
});
