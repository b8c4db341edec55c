/**
 * The sandbox ERP's in-memory state, built from the distributor seed: customers (sold-to and ship-to), items, plants,
 * stock, planned replenishments, and the sales orders, outbound deliveries and billing documents created since the
 * last reset.
 */
import type { DistributorSeed, SeedAddress, SeedCustomer, SeedItem, SeedWarehouse } from '../seed/distributor';

/** A customer master record: a sold-to party, or a ship-to party (which SAP also keeps as a customer). */
export interface ErpCustomer {
  customer: string;
  name: string;
  address: SeedAddress;
  /** The sold-to customer this record belongs to (itself for a sold-to). */
  soldTo: SeedCustomer;
  isShipTo: boolean;
}

export type SalesUnit = 'EA' | 'CS';

export interface SalesOrderItem {
  salesOrderItem: string;
  material: string;
  text: string;
  quantity: number;
  unit: SalesUnit;
  /** The quantity in the base unit. */
  eaches: number;
  unitPriceCents: number;
  netCents: number;
  plant: string;
  underlyingPurchaseOrderItem: string;
  /** 'A' open, 'B' in process (delivered, not yet billed), 'C' completed (billed). */
  processStatus: 'A' | 'B' | 'C';
  /** 'A' not yet delivered, 'C' completely delivered (an outbound delivery holds the whole quantity). */
  deliveryStatus: 'A' | 'C';
  /** Whether goods issue was posted for it: its stock left the plant, and it no longer counts as open for ATP. */
  goodsIssued: boolean;
}

export interface SalesOrderPartner {
  partnerFunction: 'SP' | 'SH' | 'BP' | 'PY';
  customer: string;
}

export interface SalesOrder {
  salesOrder: string;
  salesOrderType: string;
  salesOrganization: string;
  distributionChannel: string;
  division: string;
  soldToParty: string;
  purchaseOrderByCustomer: string;
  customerPurchaseOrderDate: number | null;
  requestedDeliveryDate: number;
  creationDate: number;
  currency: string;
  paymentTerms: string;
  totalNetCents: number;
  /** 'A' open, 'B' in process (delivered, not yet billed), 'C' completed (billed). */
  overallStatus: 'A' | 'B' | 'C';
  overallDeliveryStatus: 'A' | 'C';
  items: SalesOrderItem[];
  partners: SalesOrderPartner[];
  billingDocument?: string;
}

export interface BillingDocumentItem {
  billingDocumentItem: string;
  salesDocument: string;
  salesDocumentItem: string;
  material: string;
  text: string;
  quantity: number;
  unit: SalesUnit;
  netCents: number;
  taxCents: number;
  /** The outbound delivery and its item the item bills (delivery-related billing). */
  referenceSDDocument: string;
  referenceSDDocumentItem: string;
}

export interface BillingDocument {
  billingDocument: string;
  billingDocumentType: 'F2';
  billingDocumentDate: number;
  soldToParty: string;
  purchaseOrderByCustomer: string;
  salesOrder: string;
  currency: string;
  paymentTerms: string;
  totalNetCents: number;
  totalTaxCents: number;
  items: BillingDocumentItem[];
}

export interface OutboundDeliveryItem {
  /** The delivery's item number: the sales order item's. */
  deliveryDocumentItem: string;
  salesOrderItem: string;
  material: string;
  text: string;
  /** The delivered quantity, in the sales unit. */
  quantity: number;
  unit: SalesUnit;
  eaches: number;
  plant: string;
  /** 'A' goods issue not yet posted, 'C' posted. */
  goodsMovementStatus: 'A' | 'C';
}

/** An outbound delivery: the whole of one sales order, from creation to goods issue and billing. */
export interface OutboundDelivery {
  deliveryDocument: string;
  salesOrder: string;
  soldToParty: string;
  shipToParty: string;
  salesOrganization: string;
  /** The plant of the first item (the sandbox's shipping points are its plants). */
  shippingPoint: string;
  creationDate: number;
  /**
   * The goods issue day (LIKP-WADAT_IST, a calendar day at midnight UTC): given at creation, or set to the day goods
   * issue is posted; null until one of those.
   */
  actualGoodsMovementDate: number | null;
  /** The external identification (LIKP-LIFEX): here, the WMS shipments that carried the goods. */
  deliveryDocumentBySupplier: string;
  /** 'A' goods issue not yet posted, 'C' posted. */
  overallGoodsMovementStatus: 'A' | 'C';
  /** 'A' not yet billed, 'C' billed. */
  billingStatus: 'A' | 'C';
  /** Counts changes, for the ETag: an action sent with an older one is refused. */
  revision: number;
  items: OutboundDeliveryItem[];
}

export interface StockLevel {
  onHand: number;
  committed: number;
}

/** Stock expected at a plant after a lead time: the future period of an availability answer. */
export interface Replenishment {
  eaches: number;
  leadDays: number;
}

const FIRST_SALES_ORDER = 1_000_001;
const FIRST_BILLING_DOCUMENT = 90_000_001;
const FIRST_DELIVERY = 80_000_001;
/** A plant whose free stock is below this many cases has a replenishment on order. */
const SHORT_BELOW_CASES = 5;

function stockKey(plant: string, material: string): string {
  return `${plant}|${material}`;
}

/** FNV-1a: a stable hash, so replenishments are the same on every start. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export class ErpStore {
  readonly items: ReadonlyMap<string, SeedItem>;
  /** Sold-to and ship-to parties, in customer-number order. */
  readonly customers: ReadonlyMap<string, ErpCustomer>;
  readonly plants: ReadonlyMap<string, SeedWarehouse>;
  private stock = new Map<string, StockLevel>();
  private replenishments = new Map<string, Replenishment>();
  private orders = new Map<string, SalesOrder>();
  private billingDocuments = new Map<string, BillingDocument>();
  private outboundDeliveries = new Map<string, OutboundDelivery>();
  private nextSalesOrder = FIRST_SALES_ORDER;
  private nextBillingDocument = FIRST_BILLING_DOCUMENT;
  private nextDelivery = FIRST_DELIVERY;

  constructor(readonly seed: DistributorSeed) {
    this.items = new Map(seed.items.map((item) => [item.material, item]));
    const customers: ErpCustomer[] = [];
    for (const customer of seed.customers) {
      customers.push({ customer: customer.customerNumber, name: customer.name, address: customer.address, soldTo: customer, isShipTo: false });
      for (const shipTo of customer.shipTos) {
        customers.push({ customer: shipTo.partnerNumber, name: shipTo.name, address: shipTo.address, soldTo: customer, isShipTo: true });
      }
    }
    customers.sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
    this.customers = new Map(customers.map((customer) => [customer.customer, customer]));
    this.plants = new Map(seed.warehouses.map((warehouse) => [warehouse.id, warehouse]));
    this.reset();
  }

  /** Back to the seed: stock as seeded, no orders, deliveries or billing documents, numbering from the start. */
  reset(): void {
    this.stock = new Map(this.seed.stock.map((level) => [stockKey(level.warehouseId, level.material), { onHand: level.onHand, committed: level.committed }]));
    this.replenishments = new Map();
    for (const level of this.seed.stock) {
      const item = this.items.get(level.material);
      if (!item || level.onHand - level.committed >= SHORT_BELOW_CASES * item.caseSize) continue;
      const hash = stableHash(stockKey(level.warehouseId, level.material));
      this.replenishments.set(stockKey(level.warehouseId, level.material), { eaches: (24 + (hash % 48)) * item.caseSize, leadDays: 3 + ((hash >>> 8) % 12) });
    }
    this.orders = new Map();
    this.billingDocuments = new Map();
    this.outboundDeliveries = new Map();
    this.nextSalesOrder = FIRST_SALES_ORDER;
    this.nextBillingDocument = FIRST_BILLING_DOCUMENT;
    this.nextDelivery = FIRST_DELIVERY;
  }

  /** A sold-to party by customer number; ship-to parties are not sold-tos. */
  soldTo(customer: string): SeedCustomer | undefined {
    const found = this.customers.get(customer);
    return found && !found.isShipTo ? found.soldTo : undefined;
  }

  salesOrders(): SalesOrder[] {
    return [...this.orders.values()];
  }

  salesOrder(id: string): SalesOrder | undefined {
    return this.orders.get(id);
  }

  findByPurchaseOrder(soldToParty: string, purchaseOrderByCustomer: string): SalesOrder | undefined {
    return this.salesOrders().find((order) => order.soldToParty === soldToParty && order.purchaseOrderByCustomer === purchaseOrderByCustomer);
  }

  /** Stores a new order under the next number. */
  addSalesOrder(draft: Omit<SalesOrder, 'salesOrder'>): SalesOrder {
    const order: SalesOrder = { salesOrder: String(this.nextSalesOrder), ...draft };
    this.nextSalesOrder += 1;
    this.orders.set(order.salesOrder, order);
    return order;
  }

  billingDocumentList(): BillingDocument[] {
    return [...this.billingDocuments.values()];
  }

  billingDocument(id: string): BillingDocument | undefined {
    return this.billingDocuments.get(id);
  }

  addBillingDocument(draft: Omit<BillingDocument, 'billingDocument'>): BillingDocument {
    const document: BillingDocument = { billingDocument: String(this.nextBillingDocument), ...draft };
    this.nextBillingDocument += 1;
    this.billingDocuments.set(document.billingDocument, document);
    return document;
  }

  deliveries(): OutboundDelivery[] {
    return [...this.outboundDeliveries.values()];
  }

  delivery(id: string): OutboundDelivery | undefined {
    return this.outboundDeliveries.get(id);
  }

  /** The outbound deliveries of a sales order, oldest first. */
  deliveriesOf(salesOrder: string): OutboundDelivery[] {
    return this.deliveries().filter((delivery) => delivery.salesOrder === salesOrder);
  }

  /** Stores a new delivery under the next number. */
  addDelivery(draft: Omit<OutboundDelivery, 'deliveryDocument'>): OutboundDelivery {
    const delivery: OutboundDelivery = { deliveryDocument: String(this.nextDelivery), ...draft };
    this.nextDelivery += 1;
    this.outboundDeliveries.set(delivery.deliveryDocument, delivery);
    return delivery;
  }

  stockLevel(plant: string, material: string): StockLevel | undefined {
    return this.stock.get(stockKey(plant, material));
  }

  /** Eaches of open sales order items (goods not yet issued) for a material at a plant. */
  openOrderEaches(plant: string, material: string): number {
    let total = 0;
    for (const order of this.orders.values()) {
      for (const item of order.items) {
        if (!item.goodsIssued && item.plant === plant && item.material === material) total += item.eaches;
      }
    }
    return total;
  }

  /** Available to promise now: on hand − committed − open sales orders, never below zero. */
  availableNow(plant: string, material: string): number {
    const level = this.stockLevel(plant, material);
    if (!level) return 0;
    return Math.max(0, level.onHand - level.committed - this.openOrderEaches(plant, material));
  }

  replenishment(plant: string, material: string): Replenishment | undefined {
    return this.replenishments.get(stockKey(plant, material));
  }

  /** Goods issue of a delivery item: the stock leaves the plant (the caller marks the order item issued, so not open). */
  issueGoods(plant: string, material: string, eaches: number): void {
    const level = this.stock.get(stockKey(plant, material));
    if (level) level.onHand = Math.max(0, level.onHand - eaches);
  }
}
