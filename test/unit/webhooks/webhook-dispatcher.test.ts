/**
 * Delivery-time target checks of the webhook dispatcher, with DNS controlled by an injected resolver and a real local
 * receiver: a name that rebinds to loopback after registration is not contacted and the refusal is logged, and a
 * delivery connects to the address that was checked, never asking the system DNS again.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { customerWebhooksSchema } from '../../../apis/partner/customers/config-schema';
import type { CustomerOrderService } from '../../../apis/partner/customers/customer-order-service';
import type { PartnerViews } from '../../../apis/partner/customers/partner-views';
import { CustomerWebhookService } from '../../../apis/partner/customers/webhooks/customer-webhook-service';
import { createTargetPolicy, type HostResolver, type ResolvedAddress } from '../../../apis/partner/customers/webhooks/target-policy';
import { DELIVERY_TOPIC, WebhookDispatcher } from '../../../apis/partner/customers/webhooks/webhook-dispatcher';
import { MemoryWebhookStore, type WebhookDeliveryRecord } from '../../../apis/partner/customers/webhooks/webhook-store';
import type { EventBus } from '../../../gateway/events/ports';
import type { Logger } from '../../../gateway/logger';
import type { OrdersProcessClient } from '../../../apis/process/orders/v2/client';

const PUBLIC: ResolvedAddress = { address: '93.184.215.14', family: 4 };
const LOOPBACK: ResolvedAddress = { address: '127.0.0.1', family: 4 };

interface Harness {
  dns: Map<string, ResolvedAddress[]>;
  resolved: string[];
  store: MemoryWebhookStore;
  service: CustomerWebhookService;
  dispatcher: WebhookDispatcher;
  published: Array<{ topic: string; payload: unknown; delayMs?: number }>;
  warnings: Array<{ message: string; meta: unknown }>;
}

function harness(options: { allowPrivateAddresses: boolean; maxAttempts?: number }): Harness {
  const dns = new Map<string, ResolvedAddress[]>();
  const resolved: string[] = [];
  const resolve: HostResolver = async (hostname) => {
    resolved.push(hostname);
    const found = dns.get(hostname);
    if (!found) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };
  const config = customerWebhooksSchema.parse({ allowInsecureUrls: true, allowPrivateAddresses: options.allowPrivateAddresses, maxAttempts: options.maxAttempts ?? 3, timeoutMs: 2000 });
  const targets = createTargetPolicy({ ...config, resolve });
  const store = new MemoryWebhookStore();
  const published: Harness['published'] = [];
  const bus = {
    publish: async (topic: string, payload: unknown, publishOptions?: { delayMs?: number }) => {
      published.push({ topic, payload, ...(publishOptions?.delayMs !== undefined ? { delayMs: publishOptions.delayMs } : {}) });
      return String(published.length);
    },
  } as unknown as EventBus;
  const warnings: Harness['warnings'] = [];
  const logger = { error: () => undefined, info: () => undefined, debug: () => undefined, warn: (message: string, meta: unknown) => warnings.push({ message, meta }) } as unknown as Logger;
  const customerOrders = { partnerOf: () => ({ id: 'globex' }) } as unknown as CustomerOrderService;
  const service = new CustomerWebhookService({ store, customerOrders, config, targets });
  const dispatcher = new WebhookDispatcher({ bus, store, orders: {} as OrdersProcessClient, views: {} as PartnerViews, config, logger, targets, random: () => 0.5 });
  return { dns, resolved, store, service, dispatcher, published, warnings };
}

async function startReceiver(): Promise<{ port: number; received: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
  const received: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push(request.headers);
      response.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function pendingDelivery(store: MemoryWebhookStore, subscriptionId: string): Promise<WebhookDeliveryRecord> {
  const now = new Date().toISOString();
  const delivery: WebhookDeliveryRecord = {
    id: `${subscriptionId}:evt_1`,
    subscriptionId,
    partnerId: 'globex',
    eventId: 'evt_1',
    eventType: 'order.shipped',
    orderId: 'ord_1',
    body: '{"type":"order.shipped"}',
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  };
  await store.addDelivery(delivery, 500);
  return delivery;
}

const caller = { clientId: 'globex-dev', partnerId: 'globex' };

describe('webhook dispatcher: target checked on every delivery', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('does not deliver to a name that rebound to 127.0.0.1 after registration, logs why, and retries', async () => {
    const h = harness({ allowPrivateAddresses: false });
    const url = `http://hooks.rebind.test:${receiver.port}/hooks`;
    h.dns.set('hooks.rebind.test', [PUBLIC]);
    const created = await h.service.create({ url, eventTypes: ['order.shipped'] }, caller);
    // The name now points at the gateway's own host, where the receiver listens.
    h.dns.set('hooks.rebind.test', [LOOPBACK]);
    const delivery = await pendingDelivery(h.store, created.id);

    await h.dispatcher.onAttempt({ deliveryId: delivery.id, attempt: 1 });
    assert.equal(receiver.received.length, 0, 'nothing reached the rebound address');
    const after = await h.store.getDelivery(delivery.id);
    assert.equal(after?.status, 'PENDING');
    assert.equal(after?.attempts, 1);
    assert.equal(after?.lastError, 'target refused: hooks.rebind.test resolves to a loopback address 127.0.0.1');
    assert.equal(after?.lastStatus, undefined);
    assert.ok(after?.nextAttemptAt);
    assert.deepEqual(h.published.map((entry) => [entry.topic, entry.payload]), [[DELIVERY_TOPIC, { deliveryId: delivery.id, attempt: 2 }]]);
    assert.deepEqual(h.warnings.map((entry) => entry.message), ['webhook target refused']);

    // Still rebound at the last attempt: FAILED, with the reason, and still nothing sent.
    await h.dispatcher.onAttempt({ deliveryId: delivery.id, attempt: 2 });
    await h.dispatcher.onAttempt({ deliveryId: delivery.id, attempt: 3 });
    const failed = await h.store.getDelivery(delivery.id);
    assert.equal(failed?.status, 'FAILED');
    assert.equal(failed?.attempts, 3);
    assert.match(failed?.lastError ?? '', /^target refused: .*loopback/);
    assert.equal(receiver.received.length, 0);
    assert.equal(h.resolved.filter((name) => name === 'hooks.rebind.test').length, 4, 'resolved on registration and on each attempt');
  });

  it('connects to the address the policy checked, never asking the system DNS (the name exists only in the injected resolver)', async () => {
    const h = harness({ allowPrivateAddresses: true });
    const url = `http://hooks.pinned.test:${receiver.port}/hooks`;
    h.dns.set('hooks.pinned.test', [LOOPBACK]);
    const created = await h.service.create({ url, eventTypes: ['order.shipped'] }, caller);
    const delivery = await pendingDelivery(h.store, created.id);
    await h.dispatcher.onAttempt({ deliveryId: delivery.id, attempt: 1 });
    // hooks.pinned.test exists only in the injected resolver: the connection went to the checked address, and the
    // request still names the host it was addressed to.
    const after = await h.store.getDelivery(delivery.id);
    assert.equal(after?.status, 'DELIVERED', after?.lastError);
    assert.equal(after?.lastStatus, 204);
    assert.equal(receiver.received.length, 1);
    assert.equal(receiver.received[0]!.host, `hooks.pinned.test:${receiver.port}`);
    assert.equal(receiver.received[0]!['webhook-id'], 'evt_1');
  });

  it('refuses on registration what it would refuse on delivery, naming body.url', async () => {
    const h = harness({ allowPrivateAddresses: false });
    h.dns.set('internal.example.com', [PUBLIC, { address: '10.0.0.5', family: 4 }]);
    await assert.rejects(h.service.create({ url: 'https://internal.example.com/', eventTypes: ['order.shipped'] }, caller), (error: any) => {
      assert.equal(error.code, 'ERR_VALIDATION');
      assert.deepEqual(error.fields, [{ name: 'body.url', message: 'internal.example.com resolves to a private address 10.0.0.5', value: 'https://internal.example.com/' }]);
      return true;
    });
  });
});
