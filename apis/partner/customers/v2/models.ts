/**
 * The customer orders API v2 contract: v1 after a year of customer developers using it. Still plain business JSON,
 * no canonical envelope; what changed, and why, is said at each change ("v2:"). Everything else is as in v1.
 */
import type { IsoDate, IsoDateTime } from '../../../canonical/model';

/**
 * Units a customer can order in: EA (each) or CS (case).
 * @example "CS"
 */
export type OrderUnit = 'EA' | 'CS';

/**
 * Your reference for an order (usually your purchase order number): printable ASCII, no leading or trailing space.
 * @minLength 1
 * @maxLength 35
 * @pattern ^[\x21-\x7E]([\x20-\x7E]*[\x21-\x7E])?$
 * @example "PO-2026-000123"
 */
export type CustomerReference = string;

/**
 * A quantity you order.
 * v2: one object instead of v1's separate `quantity` and `unit` strings. A number without its unit was misread
 * (cases taken for eaches) whenever a client copied one field and not the other.
 */
export interface OrderQuantityRequest {
  /**
   * How many units: a whole number.
   * @pattern ^\d{1,9}$
   * @example "2"
   */
  value: string;
  /** The unit of `value`: EA (each) or CS (case). */
  unit: OrderUnit;
}

/**
 * A quantity as we hold it.
 * v2: the pack size sits with the unit it describes, not loose on the line.
 */
export interface OrderQuantity {
  /**
   * How many units.
   * @example "2"
   */
  value: string;
  /**
   * The unit: EA or CS today; read unknown units as opaque codes, more may come.
   * @example "CS"
   */
  unit: string;
  /**
   * Eaches in one unit, once we have checked the item.
   * @example "12"
   */
  packSize?: string;
}

/**
 * A price you send.
 * v2: an amount with its currency instead of v1's bare string. v1 prices were in "the channel's currency", which
 * the contract never named; now every amount says what it is, and a price in another currency is refused (400)
 * rather than silently compared.
 */
export interface MoneyRequest {
  /**
   * At most 9 digits before and 4 after the point.
   * @pattern ^\d{1,9}(\.\d{1,4})?$
   * @example "123.30"
   */
  amount: string;
  /**
   * ISO 4217 code; must be the currency we sell to you in (the `currency` of our answers, USD by default).
   * @pattern ^[A-Z]{3}$
   * @example "USD"
   */
  currency: string;
}

/** An amount as we answer it. */
export interface Money {
  /**
   * A decimal number as a string, never a JSON number (no rounding in your JSON parser).
   * @example "246.60"
   */
  amount: string;
  /**
   * ISO 4217 code.
   * @example "USD"
   */
  currency: string;
}

/**
 * Where to deliver.
 * v2: an object instead of v1's bare ship-to number, so a delivery address for drop shipments can be added later
 * beside `id` without another breaking change.
 */
export interface ShipToRequest {
  /**
   * One of your ship-to numbers.
   * @pattern ^\d{10}$
   * @example "0010200001"
   */
  id: string;
}

/** Where the order goes. */
export interface ShipTo {
  /**
   * The ship-to number.
   * @example "0010200001"
   */
  id: string;
}

/**
 * One item you order.
 * v2: called an item (v1: a line): it is what you order, and the word matches our invoices and shipping notices.
 */
export interface OrderItemRequest {
  /**
   * Your line number, unique within the order; we echo it on acknowledgements, shipments and invoices.
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
  /** How many, and in which unit. */
  quantity: OrderQuantityRequest;
  /** The price per unit you expect; we flag items where ours differs (`priceDiffers`). */
  expectedUnitPrice?: MoneyRequest;
}

/** An order you place on your account. */
export interface OrderRequest {
  /**
   * Your reference for the order (usually your purchase order number), unique among all your orders, on every
   * account and through every version of this API: placing a second order with it answers 409 naming the first.
   * v2: renamed from v1's `purchaseOrderNumber`: many of you order from a ticket, a job or a marketplace order,
   * not a purchase order, and sent those numbers anyway.
   */
  customerReference: CustomerReference;
  /**
   * Which of your accounts (sold-to numbers) orders; your first account when absent.
   * @pattern ^\d{10}$
   * @example "0010100001"
   */
  customerNumber?: string;
  /** Where to deliver; your account's main address when absent. */
  shipTo?: ShipToRequest;
  /** The date on your order; today when absent. */
  orderDate?: IsoDate;
  /** The date you want the goods delivered by; it goes on our sales order. */
  requestedDeliveryDate?: IsoDate;
  /**
   * What you order. v2: renamed from v1's `lines` (see `OrderItemRequest`).
   * @minItems 1
   * @maxItems 200
   */
  items: OrderItemRequest[];
}

/**
 * Where the order stands: RECEIVED and PROCESSING while we check and price it, CONFIRMED once our sales order
 * exists (`salesOrderNumber`), REJECTED when nothing could be accepted (see `problems`), FAILED when our systems
 * could not finish it.
 */
export type OrderStatus = 'RECEIVED' | 'PROCESSING' | 'CONFIRMED' | 'REJECTED' | 'FAILED';

/**
 * Something that stops an order or an item.
 * v2: a list of problems instead of v1's single `reason` string: the list is always present (empty when all is
 * well), so you test its length instead of a field that may be missing, and members (a stable `code`) can be added
 * without changing its shape.
 */
export interface OrderProblem {
  /**
   * What is wrong, for a person to read. Not stable: do not parse it.
   * @example "Item SKU NOT-OURS is not known to the ERP"
   */
  message: string;
}

/** One item of an order as we processed it. */
export interface OrderItem {
  /** Your line number, as you sent it. */
  lineNumber: string;
  /** Our item number (SKU): the one you sent, or the one your GTIN matched. */
  sku?: string;
  /** The GTIN you sent, when you sent one. */
  gtin?: string;
  /** Our description of the item, once we have found it. */
  description?: string;
  /** How many, in which unit, and (once we have checked the item) how many eaches one unit holds. */
  quantity: OrderQuantity;
  /** ACCEPTED when we deliver and price the item, REJECTED when we cannot (see `problems`). */
  status: 'ACCEPTED' | 'REJECTED';
  /** Why the item was rejected; empty when it was accepted. */
  problems: OrderProblem[];
  /** Our price per unit. */
  unitPrice?: Money;
  /** The price per unit you expected, when you sent one. */
  expectedUnitPrice?: Money;
  /** True when your expected price differs from ours beyond tolerance. */
  priceDiffers?: boolean;
}

/**
 * Where to find this resource.
 * v2: new. The order's own URL, so a client that stores it need not build URLs from ids.
 */
export interface OrderLinks {
  /**
   * This order, relative to our host.
   * @example "/partner/customers/v2/orders/ord_0f8e4bd64a314d8e9d0c6c1f0f3a8a51"
   */
  self: string;
}

/** An order as we processed it: its status, its problems, our prices per item and our sales order number. */
export interface Order {
  /** Our id for your order; use it to read the order back. */
  id: string;
  /** Your reference, as you sent it. */
  customerReference: string;
  /** The account the order is placed on. */
  customerNumber: string;
  /** Where the goods go, when you named a ship-to. */
  shipTo?: ShipTo;
  /** Where the order stands. */
  status: OrderStatus;
  /** Why the order was rejected or failed; empty otherwise. Reasons for single items are on the items. */
  problems: OrderProblem[];
  /** Our sales order number, once the order is confirmed. */
  salesOrderNumber?: string;
  /**
   * The currency every amount of the order is in.
   * @example "USD"
   */
  currency: string;
  /** Total of the accepted items at our prices. */
  total?: Money;
  /** The items, in the order you sent them. */
  items: OrderItem[];
  /** When we received the order. */
  createdAt: IsoDateTime;
  /** When the order last changed. */
  updatedAt: IsoDateTime;
  /** Where to read the order. */
  links: OrderLinks;
}

/** The orders matching a search: at most one for a customer reference. */
export interface OrderList {
  /** The matching orders: empty, or the one order. */
  orders: Order[];
}
