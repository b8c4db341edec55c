/**
 * Assembles the customer channel's v2 capabilities beyond placing orders: the partner views (tailoring), documents
 * and availability, webhook subscriptions and their dispatcher (started once the gateway serves, stopped before the
 * bus closes). Stores in Redis when the gateway has it, in process otherwise.
 */
import type Redis from 'ioredis';
import type { GatewayConfig } from '../../../gateway/config';
import type { EventBus } from '../../../gateway/events/ports';
import type { Logger } from '../../../gateway/logger';
import type { InventoryProcessClient } from '../../process/inventory/v1/client';
import type { OrdersProcessClient } from '../../process/orders/v2/client';
import { CustomerDocumentService } from './customer-document-service';
import type { CustomerOrderService } from './customer-order-service';
import { PartnerViews } from './partner-views';
import { CustomerWebhookService } from './webhooks/customer-webhook-service';
import { RedisWebhookStore } from './webhooks/redis-webhook-store';
import { createTargetPolicy } from './webhooks/target-policy';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { MemoryWebhookStore } from './webhooks/webhook-store';

/** What v2's controllers need besides the order service. */
export interface CustomerChannelV2 {
  views: PartnerViews;
  documents: CustomerDocumentService;
  webhooks: CustomerWebhookService;
}

export interface CustomerChannel extends CustomerChannelV2 {
  dispatcher: WebhookDispatcher;
}

export interface CustomerChannelOptions {
  config: GatewayConfig;
  logger: Logger;
  bus: EventBus;
  /** The shared state's request-path client and key prefix, when Redis is configured. */
  state: { redis?: Redis; keyPrefix: string };
  orders: OrdersProcessClient;
  inventory: InventoryProcessClient;
  customerOrders: CustomerOrderService;
}

export function createCustomerChannel(options: CustomerChannelOptions): CustomerChannel {
  const { config, logger, bus, state, orders, inventory, customerOrders } = options;
  const channel = config.channels.customers;
  const views = new PartnerViews(channel.partners);
  // One target policy (SSRF) for registration and delivery.
  const targets = createTargetPolicy(channel.webhooks);
  const store = state.redis ? new RedisWebhookStore({ client: state.redis, keyPrefix: state.keyPrefix }) : new MemoryWebhookStore();
  return {
    views,
    documents: new CustomerDocumentService({ orders, inventory, customerOrders, views }),
    webhooks: new CustomerWebhookService({ store, customerOrders, config: channel.webhooks, targets }),
    dispatcher: new WebhookDispatcher({ bus, store, orders, views, config: channel.webhooks, logger, targets }),
  };
}
