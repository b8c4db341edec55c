/**
 * The one mapping layer every v2 answer and webhook payload goes through: maps the process tier's canonical objects
 * to v2's JSON, then tailors it for the partner from configuration (channels.customers.partners.<id>): the item
 * identifier it knows items by, its unit codes, how much of the warehouse network it sees, and the fields it does not
 * see (absent, never null: each hideable field is optional in the contract).
 */
import type { HandlingUnitContent as CanonicalContent, Ident, Invoice, ItemRef, Qty, Shipment } from '../../canonical/model';
import type { ItemAvailability as ProcessAvailability } from '../../process/inventory/v1/models';
import type { ProcessOrder } from '../../process/orders/v2/models';
import type { CustomerPartnerConfig, HideableField } from './config-schema';
import { customerPartnerSchema } from './config-schema';
import { toOrderV2 } from './customer-order-mapping-v2';
import { idOf } from './order-views';
import type { AvailabilityList, DocumentItem, DocumentQuantity, InvoiceDocument, ShipmentNotice } from './v2/document-models';
import type { Order } from './v2/models';

/** What a document says of its order: our id and the partner's reference. */
export type OrderRef = Pick<ProcessOrder, 'id' | 'orderNumber'>;

type Resource = 'order' | 'shipment' | 'invoice' | 'availability';

/** Deletes the property at `path` of `value`, walking through arrays. */
function removePath(value: unknown, path: readonly string[]): void {
  if (Array.isArray(value)) {
    for (const element of value) removePath(element, path);
    return;
  }
  if (value === null || typeof value !== 'object' || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  const target = value as Record<string, unknown>;
  if (rest.length === 0) delete target[head];
  else removePath(target[head], rest);
}

/** How one partner sees v2: build with `PartnerViews.for(partnerId)`. */
export class PartnerView {
  private readonly hidden: ReadonlyMap<Resource, ReadonlyArray<readonly string[]>>;

  constructor(readonly partnerId: string, private readonly config: CustomerPartnerConfig) {
    const hidden = new Map<Resource, string[][]>();
    for (const field of config.hideFields as readonly HideableField[]) {
      const [resource, ...path] = field.split('.') as [Resource, ...string[]];
      hidden.set(resource, [...(hidden.get(resource) ?? []), path]);
    }
    this.hidden = hidden;
  }

  /** Leaves out what the partner does not see. The only place fields are hidden. */
  private tailor<T>(resource: Resource, body: T): T {
    for (const path of this.hidden.get(resource) ?? []) removePath(body, path);
    return body;
  }

  private unit(code: string): string {
    return this.config.units[code] ?? code;
  }

  private quantity(quantity: Qty): DocumentQuantity {
    return { value: quantity.value, unit: this.unit(quantity.uom), ...(quantity.packSize ? { packSize: quantity.packSize } : {}) };
  }

  /** The item by the partner's identifier when the item carries it, else by our SKU (or material). */
  item(ids: readonly Ident[], description?: string): DocumentItem {
    const sku = idOf(ids, 'SKU', 'ERP_MATERIAL') ?? ids[0]?.value ?? '';
    const material = idOf(ids, 'ERP_MATERIAL', 'SKU') ?? sku;
    let chosen: DocumentItem = { id: sku, scheme: 'SKU' };
    if (this.config.itemIdentifier === 'GTIN') {
      const gtin = idOf(ids, 'GTIN');
      if (gtin) chosen = { id: gtin, scheme: 'GTIN' };
    } else if (this.config.itemIdentifier === 'BUYER_PART') {
      const part = idOf(ids, 'BUYER_PART') ?? this.config.buyerParts[material] ?? this.config.buyerParts[sku];
      if (part) chosen = { id: part, scheme: 'BUYER_PART' };
    }
    return { ...chosen, ...(description ? { description } : {}) };
  }

  private itemRef(item: ItemRef): DocumentItem {
    return this.item(item.ids, item.description);
  }

  /** An order as v2 shows it to this partner. */
  order(order: ProcessOrder): Order {
    const view = toOrderV2(order);
    for (const item of view.items) item.quantity.unit = this.unit(item.quantity.unit);
    return this.tailor('order', view);
  }

  /** A shipment of the partner's order as a v2 shipping notice. */
  shipment(shipment: Shipment, order: OrderRef): ShipmentNotice {
    const content = (entry: CanonicalContent) => ({ lineNumber: entry.lineNumber, item: this.itemRef(entry.item), quantity: this.quantity(entry.quantity) });
    const { carrier } = shipment;
    return this.tailor('shipment', {
      shipmentNumber: shipment.shipmentNumber,
      shipDate: shipment.shipDate,
      shippedAt: shipment.shippedAt,
      ...(this.config.warehouseDetail === 'NAMED' ? { shipFrom: shipment.shipFrom } : {}),
      carrier: {
        ...(carrier.name ? { name: carrier.name } : {}),
        ...(carrier.scac ? { scac: carrier.scac } : {}),
        ...(carrier.service ? { service: carrier.service } : {}),
        ...(carrier.bolNumber ? { bolNumber: carrier.bolNumber } : {}),
        ...(carrier.proNumber ? { proNumber: carrier.proNumber } : {}),
        trackingNumbers: [...carrier.trackingNumbers],
      },
      orderId: order.id,
      customerReference: order.orderNumber,
      salesOrderNumber: shipment.salesOrderNumber,
      handlingUnits: shipment.handlingUnits.map((unit) => ({
        ...(unit.sscc ? { sscc: unit.sscc } : {}),
        type: unit.type,
        ...(unit.parentSscc ? { parentSscc: unit.parentSscc } : {}),
        ...(unit.trackingNumber ? { trackingNumber: unit.trackingNumber } : {}),
        ...(unit.weightKg ? { weightKg: unit.weightKg } : {}),
        contents: unit.contents.map(content),
      })),
    });
  }

  /** An invoice of the partner's order as v2 shows it. */
  invoice(invoice: Invoice, order: OrderRef): InvoiceDocument {
    return this.tailor('invoice', {
      invoiceNumber: invoice.invoiceNumber,
      invoiceDate: invoice.invoiceDate,
      orderId: order.id,
      customerReference: order.orderNumber,
      salesOrderNumber: invoice.salesOrderNumber,
      shipmentNumbers: [...invoice.shipmentNumbers],
      currency: invoice.currency,
      ...(invoice.terms ? { terms: invoice.terms } : {}),
      lines: invoice.lines.map((line) => ({
        lineNumber: line.lineNumber,
        item: this.itemRef(line.item),
        quantity: this.quantity(line.quantity),
        unitPrice: { ...line.unitPrice },
        amount: { ...line.amount },
      })),
      totals: { subtotal: { ...invoice.totals.subtotal }, tax: { ...invoice.totals.tax }, total: { ...invoice.totals.total } },
    });
  }

  /** Availability of the asked SKUs: totals by default; per warehouse (anonymous or named) when configured. */
  availability(asked: readonly string[], found: readonly ProcessAvailability[]): AvailabilityList {
    const byMaterial = new Map(found.map((item) => [item.material, item]));
    const items: AvailabilityList['items'] = [];
    const unknownSkus: string[] = [];
    for (const sku of asked) {
      const item = byMaterial.get(sku);
      if (!item) {
        unknownSkus.push(sku);
        continue;
      }
      const next = item.warehouses.map((warehouse) => warehouse.nextAvailableDate).filter((date): date is string => !!date).sort()[0];
      items.push({
        sku,
        item: this.item(item.ids.some((id) => id.scheme === 'SKU') ? item.ids : [{ scheme: 'SKU', value: sku }, ...item.ids], item.description),
        unit: this.unit(item.uom),
        available: item.totalPromisable,
        ...(next ? { nextAvailableDate: next } : {}),
        asOf: item.asOf,
        stale: item.warehouses.some((warehouse) => warehouse.stale),
        ...(this.config.warehouseDetail === 'NONE'
          ? {}
          : {
              warehouses: item.warehouses.map((warehouse) => ({
                ...(this.config.warehouseDetail === 'NAMED' ? { warehouse: warehouse.warehouse } : {}),
                available: warehouse.promisable,
                ...(warehouse.nextAvailableDate ? { nextAvailableDate: warehouse.nextAvailableDate } : {}),
                stale: warehouse.stale,
              })),
            }),
      });
    }
    return this.tailor('availability', { items, unknownSkus });
  }
}

/** Every partner's view, from `channels.customers.partners`; a partner not configured sees the defaults. */
export class PartnerViews {
  private readonly defaults: CustomerPartnerConfig = customerPartnerSchema.parse({});

  constructor(private readonly partners: Readonly<Record<string, CustomerPartnerConfig>>) {}

  for(partnerId: string): PartnerView {
    return new PartnerView(partnerId, this.partners[partnerId] ?? this.defaults);
  }
}
