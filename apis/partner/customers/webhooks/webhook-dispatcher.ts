/**
 * Turns the workflow's business events into signed webhook deliveries for the customer channel's subscribers.
 *
 * Consumes `orders.events` with its own consumer group (`partner-webhooks`), keeps the events of orders placed
 * through the API channel, and records one delivery per matching subscription of the order's partner (never another
 * partner's) with its body built once, in v2's JSON, through the partner's view. Each attempt is a message on
 * `partner.webhooks.deliveries`; a failed attempt schedules the next with the bus's delayed publish, so retries
 * survive a restart on Redis (the bus's delayed messages are durable there) and are shared by every instance, with
 * no timer or sweeper of our own. A message runs only when it is the delivery's next attempt, so redeliveries and
 * repeated events are dropped (the event id is also the `webhook-id`, for receivers to drop what slips through).
 *
 * Before every attempt the subscription's URL goes through the target policy again (target-policy.ts: its DNS may
 * have changed since registration), and the POST connects only to the addresses that were checked. A refused target
 * is not contacted; the attempt fails with the reason in the delivery log and is retried like any other failure: DNS
 * that points somewhere forbidden is often a transient or fixable mistake of the partner's, each retry is checked
 * afresh (so retrying gives a rebinding attacker nothing), and one failure path keeps the log simple to read.
 */
import http from 'node:http';
import https from 'node:https';
import type { EventBus, Subscription } from '../../../../gateway/events/ports';
import type { Logger } from '../../../../gateway/logger';
import type { OrdersProcessClient } from '../../../process/orders/v2/client';
import { EVENTS_TOPIC, type OrderEvent } from '../../../process/orders/workflow/order-events';
import type { CustomerWebhooksConfig } from '../config-schema';
import type { PartnerViews } from '../partner-views';
import { webhookHeaders } from './standard-webhooks';
import { createTargetPolicy, pinnedLookup, TargetRefusedError, type CheckedTarget, type TargetPolicy } from './target-policy';
import type { WebhookDeliveryRecord, WebhookStore } from './webhook-store';

export const WEBHOOK_EVENTS_GROUP = 'partner-webhooks';
export const DELIVERY_TOPIC = 'partner.webhooks.deliveries';
export const DELIVERY_GROUP = 'partner-webhooks-delivery';

interface AttemptMessage {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface WebhookDispatcherOptions {
  bus: EventBus;
  store: WebhookStore;
  orders: OrdersProcessClient;
  views: PartnerViews;
  config: CustomerWebhooksConfig;
  logger: Logger;
  /** Where webhooks may go; built from `config` with the system resolver by default. Its resolver is the only DNS used. */
  targets?: TargetPolicy;
  clock?: () => Date;
  /** 0..1, for the backoff's jitter; Math.random by default. */
  random?: () => number;
}

export class WebhookDispatcher {
  private subscriptions: Subscription[] = [];
  private readonly targets: TargetPolicy;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.targets = options.targets ?? createTargetPolicy(options.config);
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  start(): void {
    if (this.subscriptions.length > 0) return;
    const { bus, logger } = this.options;
    this.subscriptions = [
      bus.subscribe<OrderEvent>(EVENTS_TOPIC, WEBHOOK_EVENTS_GROUP, (message) => this.onEvent(message.payload), {
        onDeadLetter: (message, error) => {
          logger.error('webhook event dead-lettered', { eventId: message.payload.id, error: String(error) });
        },
      }),
      bus.subscribe<AttemptMessage>(DELIVERY_TOPIC, DELIVERY_GROUP, (message) => this.onAttempt(message.payload), {
        onDeadLetter: (message, error) => {
          logger.error('webhook attempt dead-lettered', { deliveryId: message.payload.deliveryId, error: String(error) });
        },
      }),
    ];
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((subscription) => subscription.close()));
  }

  /** Exponential backoff with jitter before attempt `attempt + 1`, in milliseconds. */
  backoffMs(attempt: number): number {
    const { retryBaseDelayMs, retryMaxDelayMs } = this.options.config;
    const exponential = Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** (attempt - 1));
    return Math.max(1, Math.round(exponential * (0.8 + 0.4 * (this.options.random ?? Math.random)())));
  }

  /** The webhook body of an event, in v2's JSON as the partner sees it. */
  private async body(event: OrderEvent): Promise<string | undefined> {
    const view = this.options.views.for(event.partnerId);
    const order = { id: event.orderId, orderNumber: event.orderNumber };
    let data: object;
    if (event.type === 'order.acknowledged') {
      const processOrder = await this.options.orders.getOrder(event.orderId);
      if (!processOrder) return undefined;
      data = { order: view.order(processOrder) };
    } else if (event.type === 'order.shipped') {
      data = { shipment: view.shipment(event.shipment, order) };
    } else {
      data = { invoice: view.invoice(event.invoice, order) };
    }
    return JSON.stringify({ type: event.type, timestamp: event.at, data });
  }

  async onEvent(event: OrderEvent): Promise<void> {
    if (event.channel !== 'API') return;
    const subscriptions = (await this.options.store.listSubscriptions(event.partnerId)).filter((subscription) => subscription.eventTypes.includes(event.type));
    if (subscriptions.length === 0) return;
    const body = await this.body(event);
    if (body === undefined) return;
    const createdAt = this.now().toISOString();
    for (const subscription of subscriptions) {
      const delivery: WebhookDeliveryRecord = {
        id: `${subscription.id}:${event.id}`,
        subscriptionId: subscription.id,
        partnerId: event.partnerId,
        eventId: event.id,
        eventType: event.type,
        orderId: event.orderId,
        body,
        status: 'PENDING',
        attempts: 0,
        nextAttemptAt: createdAt,
        createdAt,
      };
      const added = await this.options.store.addDelivery(delivery, this.options.config.deliveryLogLimit);
      // A repeated event whose first attempt may never have been published (a crash in between) publishes it again;
      // the attempt runs once either way.
      const existing = added ? delivery : await this.options.store.getDelivery(delivery.id);
      if (existing && existing.status === 'PENDING' && existing.attempts === 0) await this.options.bus.publish<AttemptMessage>(DELIVERY_TOPIC, { deliveryId: delivery.id, attempt: 1 });
    }
  }

  async onAttempt(message: AttemptMessage): Promise<void> {
    const { store, bus, config } = this.options;
    const delivery = await store.getDelivery(message.deliveryId);
    if (!delivery || delivery.status !== 'PENDING') return;
    if (delivery.attempts === message.attempt && delivery.nextAttemptAt) {
      // This attempt ran but scheduling the next failed: schedule it again (a duplicate is dropped by the check below).
      await bus.publish<AttemptMessage>(DELIVERY_TOPIC, { deliveryId: delivery.id, attempt: message.attempt + 1 }, { delayMs: Math.max(1, Date.parse(delivery.nextAttemptAt) - this.now().getTime()) });
      return;
    }
    if (delivery.attempts !== message.attempt - 1) return;
    const subscription = await store.getSubscription(delivery.subscriptionId);
    if (!subscription) return;

    const at = this.now();
    const outcome = await this.deliver(subscription.url, webhookHeaders(subscription.secret, delivery.eventId, at, delivery.body), delivery.body);
    const updated: WebhookDeliveryRecord = { ...delivery, attempts: message.attempt, lastAttemptAt: at.toISOString() };
    delete updated.lastStatus;
    delete updated.lastError;
    delete updated.nextAttemptAt;
    if (outcome.status !== undefined) updated.lastStatus = outcome.status;
    if (outcome.ok) {
      updated.status = 'DELIVERED';
      updated.deliveredAt = this.now().toISOString();
      await store.updateDelivery(updated);
      return;
    }
    updated.lastError = outcome.error;
    if (message.attempt >= config.maxAttempts) {
      updated.status = 'FAILED';
      await store.updateDelivery(updated);
      this.options.logger.warn('webhook delivery failed for good', { subscriptionId: subscription.id, eventId: delivery.eventId, attempts: message.attempt, error: outcome.error });
      return;
    }
    const delayMs = this.backoffMs(message.attempt);
    updated.nextAttemptAt = new Date(this.now().getTime() + delayMs).toISOString();
    await store.updateDelivery(updated);
    await bus.publish<AttemptMessage>(DELIVERY_TOPIC, { deliveryId: delivery.id, attempt: message.attempt + 1 }, { delayMs });
  }

  /** Checks the target again, then POSTs to the checked addresses; a refused target is not contacted. */
  private async deliver(url: string, headers: Record<string, string>, body: string): Promise<{ ok: boolean; status?: number; error?: string }> {
    let target: CheckedTarget;
    try {
      target = await this.targets.check(url);
    } catch (error) {
      if (!(error instanceof TargetRefusedError)) throw error;
      this.options.logger.warn('webhook target refused', { url, reason: error.reason });
      return { ok: false, error: `target refused: ${error.reason}` };
    }
    return this.post(target, headers, body);
  }

  /**
   * One POST on a fresh connection (no pooled socket) to the checked addresses only: 2xx is delivered; a redirect is
   * not followed (http(s).request never follows one) and fails; a timeout or network error fails.
   */
  private post(target: CheckedTarget, headers: Record<string, string>, body: string): Promise<{ ok: boolean; status?: number; error?: string }> {
    const { timeoutMs } = this.options.config;
    const transport = target.url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const request = transport.request(
        target.url,
        {
          method: 'POST',
          headers: { ...headers, 'user-agent': 'distribution-gateway-webhooks/1', 'content-length': String(Buffer.byteLength(body)) },
          agent: false,
          lookup: pinnedLookup(target.addresses),
          signal: AbortSignal.timeout(timeoutMs),
        },
        (response) => {
          const status = response.statusCode ?? 0;
          // The answer's body is not read: the status is all a delivery needs.
          response.destroy();
          if (status >= 200 && status < 300) resolve({ ok: true, status });
          else if (status >= 300 && status < 400) resolve({ ok: false, status, error: `answered ${status}: redirects are not followed` });
          else resolve({ ok: false, status, error: `answered ${status}` });
        },
      );
      request.on('error', (error) => {
        resolve({ ok: false, error: error.name === 'TimeoutError' || error.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : 'could not connect' });
      });
      request.end(body);
    });
  }
}
