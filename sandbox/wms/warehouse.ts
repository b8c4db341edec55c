/**
 * The sandbox WMS's state and rules, without HTTP: products, stock per item per fulfillment center, orders and
 * their shipments, and what happens to them (commit, pack, ship). server.ts speaks ShipBob's dialect over it;
 * views.ts renders its records in ShipBob's shapes.
 */
import type { DistributorSeed, SeedItem, SeedWarehouse } from '../seed/distributor';
import type { CreateOrderInput, FieldErrors } from './order-input';
import { addFieldError } from './order-input';
import { billOfLadingNumber, proNumber, upsTrackingNumber } from './identifiers';
import { packShipment, type PackingResult } from './packing';

export interface ProductRecord {
  /** 1-based position in the seed. */
  n: number;
  productId: number;
  variantId: number;
  inventoryId: number;
  item: SeedItem;
}

export interface LocationRecord {
  id: number;
  warehouse: SeedWarehouse;
}

export interface StockLevel {
  onHand: number;
  committed: number;
  backordered: number;
  awaiting: number;
}

export interface OrderProductRecord {
  product: ProductRecord;
  quantity: number;
  uom: 'EA' | 'CS';
  /** `quantity` in eaches. */
  eaches: number;
  externalLineId: number | null;
  unitPrice: number | null;
}

export type ShipmentStatus = 'Processing' | 'Exception' | 'LabeledCreated' | 'Completed' | 'Cancelled';

export interface ShipmentLine {
  /** Index into the order's products. */
  productIndex: number;
  product: ProductRecord;
  eaches: number;
  committed: number;
}

export interface StatusDetail {
  id: number;
  name: string;
  description: string;
  inventoryId: number | null;
}

export interface TrackingRecord {
  carrier: string;
  carrierService: string;
  scac: string;
  trackingNumber: string;
  trackingUrl: string;
  proNumber: string | null;
  bol: string | null;
  shippingDate: string | null;
}

export interface ShipmentRecord {
  id: number;
  orderId: number;
  location: LocationRecord;
  status: ShipmentStatus;
  statusDetails: StatusDetail[];
  createdDate: string;
  lastUpdateAt: string;
  estimatedFulfillmentDate: string;
  actualFulfillmentDate: string | null;
  lines: ShipmentLine[];
  packing: PackingResult | null;
  tracking: TrackingRecord | null;
}

export interface OrderRecord {
  id: number;
  channelId: number;
  input: CreateOrderInput;
  createdDate: string;
  products: OrderProductRecord[];
  shipments: ShipmentRecord[];
}

export type OrderStatus = 'Processing' | 'Exception' | 'PartiallyFulfilled' | 'Fulfilled' | 'Cancelled';

export interface WarehouseOptions {
  seed: DistributorSeed;
  /** How long a packed shipment waits before it ships, in milliseconds (for `estimated_fulfillment_date`). */
  shipDelayMs: number;
  now?: () => Date;
}

/** A business-rule failure of an order (ShipBob's 422), with ShipBob-style field errors. */
export class OrderRejected extends Error {
  constructor(readonly errors: FieldErrors) {
    super(Object.values(errors).flat().join('; '));
    this.name = 'OrderRejected';
  }
}

const PRODUCT_ID_BASE = 5_000_000;
const VARIANT_ID_BASE = 6_000_000;
const INVENTORY_ID_BASE = 7_000_000;
const FIRST_ORDER_ID = 20_000_001;
const FIRST_SHIPMENT_ID = 30_000_001;
const FIRST_CARTON_ID = 40_000_001;
/** Where a center holds fewer than this many cases of an item, a receiving order is on its way. */
const LOW_STOCK_CASES = 5;
const REPLENISHMENT_CASES = 50;

export class SandboxWarehouse {
  readonly products: readonly ProductRecord[];
  readonly locations: readonly LocationRecord[];
  private readonly bySku = new Map<string, ProductRecord>();
  private readonly byProductId = new Map<number, ProductRecord>();
  private readonly byInventoryId = new Map<number, ProductRecord>();
  private readonly stock = new Map<string, StockLevel>();
  private readonly orders = new Map<number, OrderRecord>();
  private readonly shipments = new Map<number, ShipmentRecord>();
  private readonly referenceIds = new Map<string, number>();
  private nextOrderId = FIRST_ORDER_ID;
  private nextShipmentId = FIRST_SHIPMENT_ID;
  private nextCartonId = FIRST_CARTON_ID;
  private nextSsccSerial = 1;
  private nextDetailId = 1;
  private readonly now: () => Date;

  constructor(private readonly options: WarehouseOptions) {
    this.now = options.now ?? (() => new Date());
    this.products = options.seed.items.map((item, index) => ({
      n: index + 1,
      productId: PRODUCT_ID_BASE + index + 1,
      variantId: VARIANT_ID_BASE + index + 1,
      inventoryId: INVENTORY_ID_BASE + index + 1,
      item,
    }));
    for (const product of this.products) {
      this.bySku.set(product.item.material, product);
      this.byProductId.set(product.productId, product);
      this.byInventoryId.set(product.inventoryId, product);
    }
    this.locations = options.seed.warehouses.map((warehouse) => ({ id: Number(warehouse.id), warehouse }));
    for (const row of options.seed.stock) {
      const product = this.bySku.get(row.material);
      if (!product) continue;
      const caseSize = Math.max(1, product.item.caseSize);
      const awaiting = row.onHand < LOW_STOCK_CASES * caseSize ? REPLENISHMENT_CASES * caseSize : 0;
      this.stock.set(stockKey(product.inventoryId, Number(row.warehouseId)), { onHand: row.onHand, committed: row.committed, backordered: 0, awaiting });
    }
  }

  // ---- master data and stock ----------------------------------------------------------------------------------

  productBySku(sku: string): ProductRecord | undefined {
    return this.bySku.get(sku);
  }

  productById(productId: number): ProductRecord | undefined {
    return this.byProductId.get(productId);
  }

  productByInventoryId(inventoryId: number): ProductRecord | undefined {
    return this.byInventoryId.get(inventoryId);
  }

  location(id: number): LocationRecord | undefined {
    return this.locations.find((location) => location.id === id);
  }

  /** The stock of an item at a center; every seeded pair has one, others are all zero. */
  level(inventoryId: number, locationId: number): StockLevel {
    let level = this.stock.get(stockKey(inventoryId, locationId));
    if (!level) {
      level = { onHand: 0, committed: 0, backordered: 0, awaiting: 0 };
      this.stock.set(stockKey(inventoryId, locationId), level);
    }
    return level;
  }

  fulfillable(inventoryId: number, locationId: number): number {
    const level = this.level(inventoryId, locationId);
    return Math.max(0, level.onHand - level.committed);
  }

  // ---- orders ---------------------------------------------------------------------------------------------------

  order(id: number): OrderRecord | undefined {
    return this.orders.get(id);
  }

  shipment(id: number): ShipmentRecord | undefined {
    return this.shipments.get(id);
  }

  allOrders(): OrderRecord[] {
    return [...this.orders.values()];
  }

  /**
   * Creates an order: checks the business rules (422), splits the lines over fulfillment centers, commits stock,
   * and packs every shipment that could be committed in full. Throws `OrderRejected` and changes nothing when a rule fails.
   */
  createOrder(channelId: number, input: CreateOrderInput): OrderRecord {
    const errors: FieldErrors = {};
    const referenceKey = `${channelId}\u0000${input.reference_id}`;
    if (this.referenceIds.has(referenceKey)) {
      addFieldError(errors, 'reference_id', `An order with reference_id '${input.reference_id}' already exists in channel ${channelId}`);
      throw new OrderRejected(errors);
    }
    const products: OrderProductRecord[] = [];
    input.products.forEach((line, index) => {
      const product = line.reference_id ? this.bySku.get(line.reference_id) : this.byProductId.get(Number(line.id));
      if (!product) {
        const field = line.reference_id ? `products[${index}].reference_id` : `products[${index}].id`;
        addFieldError(errors, field, line.reference_id ? `No product with reference_id '${line.reference_id}' exists` : `No product with id ${String(line.id)} exists`);
        return;
      }
      const code = (line.quantity_unit_of_measure_code ?? 'EA').toUpperCase();
      if (code !== 'EA' && code !== 'CS') {
        addFieldError(errors, `products[${index}].quantity_unit_of_measure_code`, `Unit '${code}' is not configured for '${product.item.material}' (EA and CS are)`);
        return;
      }
      const eaches = code === 'CS' ? line.quantity * Math.max(1, product.item.caseSize) : line.quantity;
      products.push({ product, quantity: line.quantity, uom: code, eaches, externalLineId: line.external_line_id ?? null, unitPrice: line.unit_price ?? null });
    });
    let requested: LocationRecord | undefined;
    if (input.location_id !== null && input.location_id !== undefined) {
      requested = this.location(input.location_id);
      if (!requested) addFieldError(errors, 'location_id', `Fulfillment center ${input.location_id} does not exist`);
    }
    if (Object.keys(errors).length > 0) throw new OrderRejected(errors);

    const createdDate = this.now().toISOString();
    const order: OrderRecord = { id: this.nextOrderId++, channelId, input, createdDate, products, shipments: [] };
    const assignment = requested ? products.map(() => requested as LocationRecord) : this.assignLocations(products);
    for (const location of this.locations) {
      const indexes = products.map((_, index) => index).filter((index) => assignment[index] === location);
      if (indexes.length === 0) continue;
      order.shipments.push(this.openShipment(order, location, indexes));
    }
    this.orders.set(order.id, order);
    this.referenceIds.set(referenceKey, order.id);
    return order;
  }

  /** One center for every line when one can fill them all; else, per line, the first that can, else the richest. */
  private assignLocations(products: readonly OrderProductRecord[]): LocationRecord[] {
    const demand = new Map<number, number>();
    for (const line of products) demand.set(line.product.inventoryId, (demand.get(line.product.inventoryId) ?? 0) + line.eaches);
    const whole = this.locations.find((location) =>
      [...demand].every(([inventoryId, eaches]) => this.fulfillable(inventoryId, location.id) >= eaches),
    );
    if (whole) return products.map(() => whole);
    const tentative = new Map<string, number>();
    const free = (inventoryId: number, location: LocationRecord) =>
      this.fulfillable(inventoryId, location.id) - (tentative.get(stockKey(inventoryId, location.id)) ?? 0);
    return products.map((line) => {
      const id = line.product.inventoryId;
      const chosen =
        this.locations.find((location) => free(id, location) >= line.eaches) ??
        this.locations.reduce((best, location) => (free(id, location) > free(id, best) ? location : best), this.locations[0] as LocationRecord);
      tentative.set(stockKey(id, chosen.id), (tentative.get(stockKey(id, chosen.id)) ?? 0) + line.eaches);
      return chosen;
    });
  }

  private openShipment(order: OrderRecord, location: LocationRecord, productIndexes: number[]): ShipmentRecord {
    const now = this.now();
    const shipment: ShipmentRecord = {
      id: this.nextShipmentId++,
      orderId: order.id,
      location,
      status: 'Processing',
      statusDetails: [],
      createdDate: now.toISOString(),
      lastUpdateAt: now.toISOString(),
      estimatedFulfillmentDate: new Date(now.getTime() + this.options.shipDelayMs).toISOString(),
      actualFulfillmentDate: null,
      lines: [],
      packing: null,
      tracking: null,
    };
    for (const productIndex of productIndexes) {
      const line = order.products[productIndex] as OrderProductRecord;
      const level = this.level(line.product.inventoryId, location.id);
      const committed = Math.min(line.eaches, Math.max(0, level.onHand - level.committed));
      level.committed += committed;
      level.backordered += line.eaches - committed;
      shipment.lines.push({ productIndex, product: line.product, eaches: line.eaches, committed });
      if (committed < line.eaches) {
        shipment.statusDetails.push({
          id: this.nextDetailId++,
          name: 'OutOfStock',
          description: `${line.eaches - committed} of ${line.eaches} eaches of ${line.product.item.material} are not available at ${location.warehouse.name}`,
          inventoryId: line.product.inventoryId,
        });
      }
    }
    if (shipment.statusDetails.length > 0) shipment.status = 'Exception';
    else this.pack(shipment);
    this.shipments.set(shipment.id, shipment);
    return shipment;
  }

  private pack(shipment: ShipmentRecord): void {
    const packing = packShipment(
      shipment.lines.map((line) => ({ item: line.product.item, eaches: line.eaches })),
      { nextCartonId: () => this.nextCartonId++, nextSsccSerial: () => this.nextSsccSerial++ },
    );
    shipment.packing = packing;
    shipment.tracking = packing.palletized
      ? {
          carrier: 'Old Dominion Freight Line',
          carrierService: 'LTL Standard',
          scac: 'ODFL',
          trackingNumber: proNumber(shipment.id),
          trackingUrl: `https://www.odfl.com/Trace/standardResult.faces?pro=${proNumber(shipment.id)}`,
          proNumber: proNumber(shipment.id),
          bol: billOfLadingNumber(shipment.id),
          shippingDate: null,
        }
      : {
          carrier: 'UPS',
          carrierService: 'Ground',
          scac: 'UPSN',
          trackingNumber: upsTrackingNumber(shipment.id),
          trackingUrl: `https://www.ups.com/track?tracknum=${upsTrackingNumber(shipment.id)}`,
          proNumber: null,
          bol: null,
          shippingDate: null,
        };
    shipment.status = 'LabeledCreated';
    shipment.lastUpdateAt = this.now().toISOString();
  }

  /**
   * Ships every packed shipment of the order: stock leaves the building. Answers how many shipped now, and how
   * many are still waiting for stock.
   */
  shipOrder(orderId: number): { shipped: number; waiting: number; alreadyShipped: number } {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    const result = { shipped: 0, waiting: 0, alreadyShipped: 0 };
    for (const shipment of order.shipments) {
      if (shipment.status === 'Completed') result.alreadyShipped += 1;
      else if (shipment.status === 'Exception') result.waiting += 1;
      else if (shipment.status === 'LabeledCreated') {
        const now = this.now().toISOString();
        for (const line of shipment.lines) {
          const level = this.level(line.product.inventoryId, shipment.location.id);
          level.onHand -= line.committed;
          level.committed -= line.committed;
        }
        shipment.status = 'Completed';
        shipment.actualFulfillmentDate = now;
        shipment.lastUpdateAt = now;
        if (shipment.tracking) shipment.tracking.shippingDate = now;
        result.shipped += 1;
      }
    }
    return result;
  }

  orderStatus(order: OrderRecord): OrderStatus {
    const statuses = order.shipments.map((shipment) => shipment.status);
    if (statuses.length > 0 && statuses.every((status) => status === 'Cancelled')) return 'Cancelled';
    const live = statuses.filter((status) => status !== 'Cancelled');
    const completed = live.filter((status) => status === 'Completed').length;
    if (completed > 0) return completed === live.length ? 'Fulfilled' : 'PartiallyFulfilled';
    return live.includes('Exception') ? 'Exception' : 'Processing';
  }

  findOrderByReference(channelId: number, referenceId: string): OrderRecord | undefined {
    const id = this.referenceIds.get(`${channelId}\u0000${referenceId}`);
    return id === undefined ? undefined : this.orders.get(id);
  }
}

function stockKey(inventoryId: number, locationId: number): string {
  return `${inventoryId}@${locationId}`;
}
