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
  unit: OrderUnit;
  /**
   * The price per unit you expect; we flag lines where ours differs.
   * @pattern ^\d{1,9}(\.\d{1,4})?$
   * @example "123.30"
   */
  expectedUnitPrice?: Decimal;
}

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
  requestedDeliveryDate?: IsoDate;
  /**
   * @minItems 1
   * @maxItems 200
   */
  lines: CustomerOrderLineRequest[];
}

export type CustomerOrderStatus = 'RECEIVED' | 'PROCESSING' | 'CONFIRMED' | 'REJECTED' | 'FAILED';

export interface CustomerOrderLine {
  lineNumber: string;
  sku?: string;
  gtin?: string;
  description?: string;
  quantity: string;
  unit: string;
  /** Eaches in one unit. */
  packSize?: string;
  status: 'ACCEPTED' | 'REJECTED';
  /** Why the line was rejected. */
  reason?: string;
  /** Our price per unit. */
  unitPrice?: Decimal;
  expectedUnitPrice?: Decimal;
  /** True when your expected price differs from ours beyond tolerance. */
  priceDiffers?: boolean;
}

export interface CustomerOrder {
  /** Our id for your order; use it to read the order back. */
  id: string;
  purchaseOrderNumber: string;
  customerNumber: string;
  shipTo?: string;
  status: CustomerOrderStatus;
  /** Why the order was rejected. */
  reason?: string;
  /** Our sales order number, once the order is confirmed. */
  salesOrderNumber?: string;
  currency: string;
  /** Total of the accepted lines at our prices. */
  total?: Decimal;
  lines: CustomerOrderLine[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}
