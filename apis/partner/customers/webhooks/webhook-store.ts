/**
 * Where the customer channel keeps webhook subscriptions and their delivery logs, behind one interface with two
 * implementations that pass one suite (test/state/webhook-store.test.ts): `MemoryWebhookStore` here (the embedded
 * single-instance default) and `RedisWebhookStore` (redis-webhook-store.ts, shared by every instance).
 */
import type { WebhookDeliveryStatus, WebhookEventType } from '../v2/webhook-models';

/** A subscription with what only we see: its partner and its signing secret. */
export interface WebhookSubscriptionRecord {
  id: string;
  partnerId: string;
  url: string;
  eventTypes: WebhookEventType[];
  description?: string;
  /** @secret The `whsec_` signing secret. */
  secret: string;
  /** ISO date-time. */
  createdAt: string;
}

/** One event's delivery to one subscription, with the exact body every attempt sends (signed anew per attempt). */
export interface WebhookDeliveryRecord {
  /** `${subscriptionId}:${eventId}`: an event reaches a subscription once, however often the bus delivers it. */
  id: string;
  subscriptionId: string;
  partnerId: string;
  eventId: string;
  eventType: WebhookEventType;
  orderId: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  lastAttemptAt?: string;
  nextAttemptAt?: string;
  createdAt: string;
  deliveredAt?: string;
}

export interface WebhookStore {
  saveSubscription(subscription: WebhookSubscriptionRecord): Promise<void>;
  getSubscription(id: string): Promise<WebhookSubscriptionRecord | undefined>;
  /** The partner's subscriptions, oldest first. */
  listSubscriptions(partnerId: string): Promise<WebhookSubscriptionRecord[]>;
  /** Removes the subscription and its delivery log; false when there was none. */
  deleteSubscription(id: string): Promise<boolean>;
  /**
   * Records a new delivery unless one with its id exists (true when recorded), keeping the newest `limit` of its
   * subscription's log.
   */
  addDelivery(delivery: WebhookDeliveryRecord, limit: number): Promise<boolean>;
  getDelivery(id: string): Promise<WebhookDeliveryRecord | undefined>;
  /** Replaces a delivery's record; nothing when it is gone (its subscription was deleted, or the log trimmed it). */
  updateDelivery(delivery: WebhookDeliveryRecord): Promise<void>;
  /** A subscription's deliveries, newest first, at most `limit`. */
  listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDeliveryRecord[]>;
}

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryWebhookStore implements WebhookStore {
  private readonly subscriptions = new Map<string, WebhookSubscriptionRecord>();
  private readonly deliveries = new Map<string, WebhookDeliveryRecord>();
  /** Delivery ids per subscription, oldest first. */
  private readonly logs = new Map<string, string[]>();

  async saveSubscription(subscription: WebhookSubscriptionRecord): Promise<void> {
    this.subscriptions.set(subscription.id, copy(subscription));
  }

  async getSubscription(id: string): Promise<WebhookSubscriptionRecord | undefined> {
    const found = this.subscriptions.get(id);
    return found && copy(found);
  }

  async listSubscriptions(partnerId: string): Promise<WebhookSubscriptionRecord[]> {
    return [...this.subscriptions.values()]
      .filter((subscription) => subscription.partnerId === partnerId)
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(copy);
  }

  async deleteSubscription(id: string): Promise<boolean> {
    for (const deliveryId of this.logs.get(id) ?? []) this.deliveries.delete(deliveryId);
    this.logs.delete(id);
    return this.subscriptions.delete(id);
  }

  async addDelivery(delivery: WebhookDeliveryRecord, limit: number): Promise<boolean> {
    if (this.deliveries.has(delivery.id)) return false;
    this.deliveries.set(delivery.id, copy(delivery));
    const log = this.logs.get(delivery.subscriptionId) ?? [];
    log.push(delivery.id);
    while (log.length > limit) this.deliveries.delete(log.shift() as string);
    this.logs.set(delivery.subscriptionId, log);
    return true;
  }

  async getDelivery(id: string): Promise<WebhookDeliveryRecord | undefined> {
    const found = this.deliveries.get(id);
    return found && copy(found);
  }

  async updateDelivery(delivery: WebhookDeliveryRecord): Promise<void> {
    if (this.deliveries.has(delivery.id)) this.deliveries.set(delivery.id, copy(delivery));
  }

  async listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    const ids = [...(this.logs.get(subscriptionId) ?? [])].reverse().slice(0, limit);
    return ids.flatMap((id) => {
      const found = this.deliveries.get(id);
      return found ? [copy(found)] : [];
    });
  }
}
