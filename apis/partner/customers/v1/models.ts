/**
 * The customer orders API v1 contract: what a customer developer sends and reads. Plain business JSON, no
 * canonical envelope: the partner tier maps it to and from the canonical order.
 */
import type { Decimal, IsoDate, IsoDateTime } from '../../../canonical/model';

/**
 * Units a customer can order in.
 * @example "CS"
 */
export type OrderUnit = 'EA' | 'CS';

/** One line of a purchase order: an item, by our SKU or its GTIN, and how many units of it. */
export interface CustomerOrderLineRequest {
  /**
   * Your line number; we echo it on acknowledgements, shipments and invoices.
   * @pattern ^[A-Za-z0-9._-]{1,20}$
   * @example "1"
   */
  lineNumber: string;
  /**
   * Our item number (SKU). Give `sku`, `gtin`, or both.
   * @minLength 1
   * @maxLength 40
   * @example "TG-10001"
   */
  sku?: string;
  /**
   * The item's or the case's GTIN (8, 12, 13 or 14 digits).
   * @pattern ^(\d{8}|\d{12,14})$
   * @example "0614141000012"
   */
  gtin?: string;
  /**
   * How many units.
   * @pattern ^\d{1,9}$
   * @example "2"
   */
  quantity: string;
  /** The unit of `quantity`: EA (each) or CS (case). */
  unit: OrderUnit;
  /**
   * The price per unit you expect; we flag lines where ours differs.
   * @pattern ^\d{1,9}(\.\d{1,4})?$
   * @example "123.30"
   */
  expectedUnitPrice?: Decimal;
}

/** A purchase order you place on your account. */
export interface CustomerOrderRequest {
  /**
   * Your purchase order number: unique per account.
   * @minLength 1
   * @maxLength 35
   * @pattern ^[\x21-\x7E]([\x20-\x7E]*[\x21-\x7E])?$
   * @example "PO-2026-000123"
   */
  purchaseOrderNumber: string;
  /**
   * Which of your accounts (sold-to numbers) orders; your first account when absent.
   * @pattern ^\d{10}$
   * @example "0010100001"
   */
  customerNumber?: string;
  /**
   * Where to deliver: one of your ship-to numbers. Your account's main address when absent.
   * @pattern ^\d{10}$
   * @example "0010200001"
   */
  shipTo?: string;
  /** The date on your purchase order; today when absent. */
  orderDate?: IsoDate;
  /** The date you want the goods delivered by; passed to our sales order. */
  requestedDeliveryDate?: IsoDate;
  /**
   * What you order: 1 to 200 lines, each with its own line number.
   * @minItems 1
   * @maxItems 200
   */
  lines: CustomerOrderLineRequest[];
}

/**
 * Where the order stands: RECEIVED and PROCESSING while we check and price it, CONFIRMED once our sales order
 * exists (`salesOrderNumber`), REJECTED when nothing could be accepted (see `reason`), FAILED when our systems
 * could not finish it.
 */
export type CustomerOrderStatus = 'RECEIVED' | 'PROCESSING' | 'CONFIRMED' | 'REJECTED' | 'FAILED';

/** One line of an order as we processed it. */
export interface CustomerOrderLine {
  /** Your line number, as you sent it. */
  lineNumber: string;
  /** Our item number (SKU): the one you sent, or the one your GTIN matched. */
  sku?: string;
  /** The GTIN you sent, when you sent one. */
  gtin?: string;
  /** Our description of the item, once we have found it. */
  description?: string;
  /** How many units, as you ordered them. */
  quantity: string;
  /** The unit of `quantity`: EA or CS today; read unknown units as opaque codes, more may come. */
  unit: string;
  /** Eaches in one unit. */
  packSize?: string;
  /** ACCEPTED when we deliver and price the line, REJECTED when we cannot (see `reason`). */
  status: 'ACCEPTED' | 'REJECTED';
  /** Why the line was rejected. */
  reason?: string;
  /** Our price per unit. */
  unitPrice?: Decimal;
  /** The price per unit you expected, when you sent one. */
  expectedUnitPrice?: Decimal;
  /** True when your expected price differs from ours beyond tolerance. */
  priceDiffers?: boolean;
}

/** An order as we processed it: its status, our prices per line and our sales order number. */
export interface CustomerOrder {
  /** Our id for your order; use it to read the order back. */
  id: string;
  /** Your purchase order number, as you sent it. */
  purchaseOrderNumber: string;
  /** The account (sold-to number) the order is placed on. */
  customerNumber: string;
  /** The ship-to number the goods go to, when you named one. */
  shipTo?: string;
  /** Where the order stands. */
  status: CustomerOrderStatus;
  /** Why the order was rejected. */
  reason?: string;
  /** Our sales order number, once the order is confirmed. */
  salesOrderNumber?: string;
  /** The ISO 4217 currency of every price of the order. */
  currency: string;
  /** Total of the accepted lines at our prices. */
  total?: Decimal;
  /** The lines, in the order you sent them. */
  lines: CustomerOrderLine[];
  /** When we received the order. */
  createdAt: IsoDateTime;
  /** When the order last changed. */
  updatedAt: IsoDateTime;
}
