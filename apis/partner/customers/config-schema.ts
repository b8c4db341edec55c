/**
 * The customer API channel's configuration beyond its currency (`channels.customers.partners`, `.webhooks`):
 * per-partner tailoring of every v2 answer and webhook payload, and how webhooks are delivered. A partner is tailored
 * here, without code.
 */
import { z } from 'zod';

/**
 * Fields a partner can be configured not to see, as `<resource>.<path>` (arrays are walked through). Each is optional
 * in the v2 contract, so a hidden field is absent, never null, and the answer still matches the spec.
 */
export const HIDEABLE_FIELDS = [
  'order.total',
  'order.salesOrderNumber',
  'order.items.description',
  'order.items.unitPrice',
  'order.items.expectedUnitPrice',
  'order.items.priceDiffers',
  'shipment.salesOrderNumber',
  'shipment.carrier.bolNumber',
  'shipment.carrier.proNumber',
  'shipment.handlingUnits.weightKg',
  'shipment.handlingUnits.contents.item.description',
  'invoice.salesOrderNumber',
  'invoice.terms',
  'invoice.lines.unitPrice',
  'invoice.lines.item.description',
  'availability.items.item.description',
  'availability.items.nextAvailableDate',
] as const;
export type HideableField = (typeof HIDEABLE_FIELDS)[number];

/** The item identifier schemes a partner can see items by. */
export const ITEM_IDENTIFIERS = ['SKU', 'GTIN', 'BUYER_PART'] as const;
export type ItemIdentifierScheme = (typeof ITEM_IDENTIFIERS)[number];

const unitCode = z.string().regex(/^[A-Z0-9]{2,3}$/, 'a unit code (UN/ECE Rec 20 or the partner’s), e.g. CS');

/** How one customer-API partner sees v2's answers and webhook payloads. */
export const customerPartnerSchema = z
  .object({
    /** Fields left out of every answer and payload for this partner (see HIDEABLE_FIELDS). Default [] (everything). */
    hideFields: z.array(z.enum(HIDEABLE_FIELDS)).default([]),
    /**
     * Which identifier shipments and invoices name items by: SKU (our item number), GTIN, or BUYER_PART (the
     * partner's own part number, from `buyerParts`). An item without the preferred id is named by its SKU, and every
     * item says which scheme its id is. Default SKU.
     */
    itemIdentifier: z.enum(ITEM_IDENTIFIERS).default('SKU'),
    /** Our SKU → the partner's part number, for itemIdentifier BUYER_PART. Default {}. */
    buyerParts: z.record(z.string().min(1).max(40), z.string().min(1).max(48)).default({}),
    /** Our unit → the partner's unit code in answers, e.g. { CS: CA }. Units not listed are shown as ours. Default {}. */
    units: z.record(unitCode, unitCode).default({}),
    /**
     * How much of our warehouse network the partner sees: NONE (availability totals only, no ship-from; the default:
     * warehouse ids are ours, not a customer's business), ANONYMOUS (availability per warehouse without its id), NAMED
     * (per warehouse with its id, and the ship-from warehouse on shipments).
     */
    warehouseDetail: z.enum(['NONE', 'ANONYMOUS', 'NAMED']).default('NONE'),
  })
  .strict();

/** How webhooks are delivered (Standard Webhooks signatures, retries with exponential backoff). */
export const customerWebhooksSchema = z
  .object({
    /**
     * Accept http:// subscription URLs. Default false: deliveries carry order data and go over https only. Tests and
     * local development set it.
     */
    allowInsecureUrls: z.boolean().default(false),
    /**
     * Accept subscription URLs whose host is, or resolves to, a loopback, private, link-local (cloud metadata
     * included), CGNAT, multicast or otherwise non-public address. Default false (SSRF protection: a partner must not
     * make the gateway POST into our own network); checked on registration and before every delivery, and the delivery
     * connects only to the addresses checked (webhooks/target-policy.ts). Tests with a local receiver set it.
     */
    allowPrivateAddresses: z.boolean().default(false),
    /** Delivery attempts of one event to one subscription before it is marked failed. Default 8. */
    maxAttempts: z.number().int().min(1).max(50).default(8),
    /** Backoff before the second attempt, in milliseconds; doubles per attempt, with jitter. Default 5000. */
    retryBaseDelayMs: z.number().int().min(1).max(3_600_000).default(5000),
    /** Longest backoff between attempts, in milliseconds. Default 3600000 (1 hour). */
    retryMaxDelayMs: z.number().int().min(1).max(86_400_000).default(3_600_000),
    /** Per-attempt timeout of the POST to the subscriber, in milliseconds. Default 10000. */
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
    /** Subscriptions one partner may hold. Default 10. */
    maxSubscriptionsPerPartner: z.number().int().min(1).max(100).default(10),
    /** Deliveries kept in one subscription's log (newest kept). Default 500. */
    deliveryLogLimit: z.number().int().min(10).max(100_000).default(500),
  })
  .strict();

/** Spread into `channels.customers` of gateway/config/schema.ts. */
export const customersChannelShape = {
  /** Per-partner tailoring, by partner id (auth.partners[].id). A partner not listed sees the defaults. */
  partners: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a partner id'), customerPartnerSchema).default({}),
  /** Webhook delivery. */
  webhooks: customerWebhooksSchema.prefault({}),
};

export type CustomerPartnerConfig = z.infer<typeof customerPartnerSchema>;
export type CustomerWebhooksConfig = z.infer<typeof customerWebhooksSchema>;
