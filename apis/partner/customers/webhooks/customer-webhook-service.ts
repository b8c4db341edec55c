/**
 * A partner's webhook subscriptions and their delivery logs, as v2 serves them. A partner sees only its own
 * subscriptions: another partner's id answers 404, like a missing one.
 */
import { randomUUID } from 'node:crypto';
import type { CallerRef } from '../../../../gateway/auth/caller';
import { GatewayError, notFound } from '../../../../gateway/errors';
import type { CustomerWebhooksConfig } from '../config-schema';
import type { CustomerOrderService } from '../customer-order-service';
import type {
  CreatedWebhookSubscription,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookSubscription,
  WebhookSubscriptionList,
  WebhookSubscriptionRequest,
} from '../v2/webhook-models';
import { newWebhookSecret } from './standard-webhooks';
import { createTargetPolicy, TargetRefusedError, type TargetPolicy } from './target-policy';
import type { WebhookDeliveryRecord, WebhookStore, WebhookSubscriptionRecord } from './webhook-store';

export interface CustomerWebhookServiceOptions {
  store: WebhookStore;
  customerOrders: CustomerOrderService;
  config: CustomerWebhooksConfig;
  clock?: () => Date;
  /** Where webhooks may go; built from `config` with the system resolver by default. */
  targets?: TargetPolicy;
}

function view(record: WebhookSubscriptionRecord): WebhookSubscription {
  return { id: record.id, url: record.url, eventTypes: [...record.eventTypes], ...(record.description ? { description: record.description } : {}), createdAt: record.createdAt };
}

function deliveryView(record: WebhookDeliveryRecord): WebhookDelivery {
  return {
    eventId: record.eventId,
    eventType: record.eventType,
    orderId: record.orderId,
    status: record.status,
    attempts: record.attempts,
    ...(record.lastStatus !== undefined ? { lastStatus: record.lastStatus } : {}),
    ...(record.lastError ? { lastError: record.lastError } : {}),
    ...(record.lastAttemptAt ? { lastAttemptAt: record.lastAttemptAt } : {}),
    ...(record.nextAttemptAt ? { nextAttemptAt: record.nextAttemptAt } : {}),
    createdAt: record.createdAt,
    ...(record.deliveredAt ? { deliveredAt: record.deliveredAt } : {}),
  };
}

export class CustomerWebhookService {
  private readonly targets: TargetPolicy;

  constructor(private readonly options: CustomerWebhookServiceOptions) {
    this.targets = options.targets ?? createTargetPolicy(options.config);
  }

  /** The target policy (target-policy.ts): the URL's form and, unless private addresses are allowed, its addresses. */
  private async checkUrl(raw: string): Promise<string> {
    try {
      return (await this.targets.check(raw)).url.toString();
    } catch (error) {
      if (!(error instanceof TargetRefusedError)) throw error;
      throw new GatewayError('ERR_VALIDATION', `Invalid webhook URL: ${error.reason}`, { fields: [{ name: 'body.url', message: error.reason, value: raw }] });
    }
  }

  async create(request: WebhookSubscriptionRequest, caller: CallerRef): Promise<CreatedWebhookSubscription> {
    const partner = this.options.customerOrders.partnerOf(caller);
    const url = await this.checkUrl(request.url);
    const existing = await this.options.store.listSubscriptions(partner.id);
    if (existing.length >= this.options.config.maxSubscriptionsPerPartner) {
      throw new GatewayError('ERR_UNPROCESSABLE', `You already have ${existing.length} webhook subscriptions, the most allowed; delete one first`);
    }
    const record: WebhookSubscriptionRecord = {
      id: `whsub_${randomUUID().replaceAll('-', '')}`,
      partnerId: partner.id,
      url,
      eventTypes: [...new Set(request.eventTypes)],
      ...(request.description ? { description: request.description } : {}),
      secret: newWebhookSecret(),
      createdAt: (this.options.clock?.() ?? new Date()).toISOString(),
    };
    await this.options.store.saveSubscription(record);
    return { ...view(record), secret: record.secret };
  }

  async list(caller: CallerRef): Promise<WebhookSubscriptionList> {
    const partner = this.options.customerOrders.partnerOf(caller);
    return { subscriptions: (await this.options.store.listSubscriptions(partner.id)).map(view) };
  }

  private async own(id: string, caller: CallerRef): Promise<WebhookSubscriptionRecord> {
    const partner = this.options.customerOrders.partnerOf(caller);
    const found = await this.options.store.getSubscription(id);
    if (!found || found.partnerId !== partner.id) throw notFound('Webhook subscription', id);
    return found;
  }

  async remove(id: string, caller: CallerRef): Promise<void> {
    await this.own(id, caller);
    await this.options.store.deleteSubscription(id);
  }

  async deliveries(id: string, caller: CallerRef): Promise<WebhookDeliveryList> {
    await this.own(id, caller);
    return { deliveries: (await this.options.store.listDeliveries(id, this.options.config.deliveryLogLimit)).map(deliveryView) };
  }
}
