/**
 * The orders process API's v1 contract: a canonical order in, the order's processing record out.
 * Named DTOs only (tsoa mangles generic and Omit-derived schema names and lets extras through intersections).
 */
import type { Channel, Decimal, Ident, IsoDate, IsoDateTime, Money, OrderPurpose, Party, Qty } from '../../../canonical/model';

export interface OrderSource {
  channel: Channel;
  /**
   * The partner profile that sent the order.
   * @pattern ^[a-z0-9][a-z0-9-]{0,63}$
   * @example "globex"
   */
  partnerId: string;
  /** The channel's own id for the document (an EDI control number, a marketplace order id). */
  externalId?: string;
  /** Test-mode input (ISA15=T, sandbox keys). */
  test?: boolean;
}

export interface OrderLineSubmission {
  /**
   * The partner's line number, kept verbatim and echoed in acknowledgements, ASNs and invoices.
   * @pattern ^[A-Za-z0-9._-]{1,20}$
   * @example "1"
   */
  lineNumber: string;
  /** The item, by any of its identifiers (ERP_MATERIAL, SKU, GTIN, UPC). */
  item: OrderItemSubmission;
  quantity: Qty;
  /** The price the partner expects per ordered unit; compared with the ERP's price. */
  unitPrice?: Money;
  requestedShipDate?: IsoDate;
}

export interface OrderItemSubmission {
  /** @minItems 1 */
  ids: Ident[];
  description?: string;
}

/** A canonical order as any channel submits it. */
export interface OrderSubmission {
  source: OrderSource;
  /**
   * The buyer's purchase order number.
   * @minLength 1
   * @maxLength 35
   * @example "PO-2026-000123"
   */
  orderNumber: string;
  purpose?: OrderPurpose;
  orderDate: IsoDate;
  /**
   * @pattern ^[A-Z]{3}$
   * @example "USD"
   */
  currency: string;
  /** At least the BUYER, identified by ERP_CUSTOMER (the sold-to number); optionally the SHIP_TO (ERP_SHIP_TO). */
  parties: Party[];
  requestedDelivery?: IsoDate;
  /**
   * @minItems 1
   * @maxItems 500
   */
  lines: OrderLineSubmission[];
}

/** Where an order stands. REJECTED and POSTED end this API's part; later statuses come with the workflow. */
export type ProcessOrderStatus = 'RECEIVED' | 'VALIDATED' | 'PRICED' | 'POSTED' | 'REJECTED' | 'FAILED';

export type ProcessLineStatus = 'ACCEPTED' | 'REJECTED';

export interface ProcessOrderLine {
  lineNumber: string;
  /** The item as sent, plus the ERP_MATERIAL it resolved to. */
  item: OrderItemSubmission;
  quantity: Qty;
  status: ProcessLineStatus;
  /** Why a line was rejected. */
  reason?: string;
  /** The ERP's net price per ordered unit. */
  unitPrice?: Money;
  /** The price the partner sent, when it sent one. */
  partnerUnitPrice?: Money;
  /** True when the partner's price differs from the ERP's by more than the configured tolerance. */
  priceMismatch?: boolean;
  /** The ERP's item number of this line once posted. */
  erpItemNumber?: string;
}

export interface OrderHistoryEntry {
  status: ProcessOrderStatus;
  at: IsoDateTime;
  detail?: string;
}

export interface ErpPosting {
  salesOrderNumber: string;
  netAmount: Money;
  /** True when the sales order already existed in the ERP (found by customer PO number) and was not posted again. */
  alreadyPosted: boolean;
}

/** An order's processing record: what was received, what the process tier decided, and where it went. */
export interface ProcessOrder {
  /** Opaque, unguessable id of this order in the gateway. */
  id: string;
  source: OrderSource;
  orderNumber: string;
  purpose: OrderPurpose;
  orderDate: IsoDate;
  currency: string;
  parties: Party[];
  requestedDelivery?: IsoDate;
  status: ProcessOrderStatus;
  /** Why the order was rejected or failed. */
  reason?: string;
  lines: ProcessOrderLine[];
  erp?: ErpPosting;
  /** The correlation id of the submission: it appears on every hop's log and at the platform. */
  correlationId: string;
  receivedAt: IsoDateTime;
  updatedAt: IsoDateTime;
  history: OrderHistoryEntry[];
  /** Total of the accepted lines at the ERP's prices. */
  total?: Decimal;
}
