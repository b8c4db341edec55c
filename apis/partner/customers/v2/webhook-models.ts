/**
 * The customer orders API v2's webhooks: subscriptions to order, shipment and invoice events, signed as the Standard
 * Webhooks specification describes, and the delivery log.
 */
import type { IsoDateTime } from '../../../canonical/model';

/**
 * An event you can subscribe to: order.acknowledged (we confirmed or rejected your order; `data.order` is the order
 * as `GET /orders/{orderId}` shows it), order.shipped (`data.shipment`, as `GET /orders/{orderId}/shipments` lists
 * it), order.invoiced (`data.invoice`, as `GET /orders/{orderId}/invoices` lists it).
 * @example "order.shipped"
 */
export type WebhookEventType = 'order.acknowledged' | 'order.shipped' | 'order.invoiced';

/** A subscription you create. */
export interface WebhookSubscriptionRequest {
  /**
   * Where we POST the events: an https URL (no credentials in it).
   * @minLength 8
   * @maxLength 2000
   * @example "https://hooks.example.com/distributor/orders"
   */
  url: string;
  /**
   * The events to deliver.
   * @minItems 1
   * @maxItems 3
   */
  eventTypes: WebhookEventType[];
  /**
   * A note for yourself.
   * @maxLength 200
   * @example "ERP integration, production"
   */
  description?: string;
}

/** A subscription as we hold it. */
export interface WebhookSubscription {
  /**
   * Our id of the subscription.
   * @example "whsub_4f1c2a9e0b7d4c3e8a6f5d2b1c0e9f8a"
   */
  id: string;
  /**
   * Where we POST the events.
   * @example "https://hooks.example.com/distributor/orders"
   */
  url: string;
  /** The events delivered. */
  eventTypes: WebhookEventType[];
  /** Your note. */
  description?: string;
  /** When you created it. */
  createdAt: IsoDateTime;
}

/**
 * A subscription just created, with its signing secret: shown this once only, keep it. Every delivery carries
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
 * `{webhook-id}.{webhook-timestamp}.{body}` keyed with the base64-decoded secret after its `whsec_` prefix), as the
 * Standard Webhooks specification describes. The body is `{"type", "timestamp", "data"}`.
 */
export interface CreatedWebhookSubscription extends WebhookSubscription {
  /**
   * The signing secret: `whsec_` and 32 random bytes in base64.
   * @example "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
   */
  secret: string;
}

/** Your subscriptions. */
export interface WebhookSubscriptionList {
  /** The subscriptions, oldest first. */
  subscriptions: WebhookSubscription[];
}

/** Where a delivery stands: PENDING while attempts remain, DELIVERED on a 2xx answer, FAILED when attempts ran out. */
export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** One event's delivery to a subscription. */
export interface WebhookDelivery {
  /**
   * The event's id: the `webhook-id` header of every attempt (use it to drop repeats).
   * @example "ord_0f8e4bd64a314d8e9d0c6c1f0f3a8a51:ack"
   */
  eventId: string;
  /** The event's type. */
  eventType: WebhookEventType;
  /** Our id of the order the event is about. */
  orderId: string;
  /** Where the delivery stands. */
  status: WebhookDeliveryStatus;
  /**
   * Attempts made so far.
   * @isInt
   * @example 1
   */
  attempts: number;
  /**
   * The HTTP status of the last attempt's answer; absent when it got none (timeout, refused connection) or none was made.
   * @isInt
   * @example 200
   */
  lastStatus?: number;
  /**
   * Why the last attempt failed, for a person to read.
   * @example "answered 503"
   */
  lastError?: string;
  /** When the last attempt was made. */
  lastAttemptAt?: IsoDateTime;
  /** When the next attempt is due, while PENDING. */
  nextAttemptAt?: IsoDateTime;
  /** When the event was first queued for the subscription. */
  createdAt: IsoDateTime;
  /** When it was delivered. */
  deliveredAt?: IsoDateTime;
}

/** A subscription's delivery log, newest first. */
export interface WebhookDeliveryList {
  /** The deliveries. */
  deliveries: WebhookDelivery[];
}
