/**
 * The orders process API's v1 contract: a canonical order in, the order's processing record out.
 * Named DTOs only (tsoa mangles generic and Omit-derived schema names and lets extras through intersections).
 */
import type { Channel, Decimal, Ident, IsoDate, IsoDateTime, Money, OrderPurpose, Party, Qty } from '../../../canonical/model';

/** Where an order came from: the channel and the partner profile that sent it. */
export interface OrderSource {
  /** The channel the order came through. */
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
  /**
   * The channel's envelope ids of the document (ISA13, GS06, ST02...), so the order can be followed from the
   * partner's file to the ERP.
   * @maxItems 20
   */
  documents?: ChannelDocument[];
}

/** One envelope id of the channel's document, e.g. `{ "type": "ISA13", "value": "000000905" }`. */
export interface ChannelDocument {
  /**
   * What the id is: an X12 envelope element (ISA13, GS06, ST02), a marketplace order id...
   * @pattern ^[A-Za-z0-9_.-]{1,20}$
   * @example "ISA13"
   */
  type: string;
  /**
   * The id, verbatim.
   * @minLength 1
   * @maxLength 80
   * @example "000000905"
   */
  value: string;
}

/** One line of a submitted order: an item, how many of it, and optionally the price the partner expects. */
export interface OrderLineSubmission {
  /**
   * The partner's line number, kept verbatim and echoed in acknowledgements, ASNs and invoices.
   * @pattern ^[A-Za-z0-9._-]{1,20}$
   * @example "1"
   */
  lineNumber: string;
  /** The item, by any of its identifiers (ERP_MATERIAL, SKU, GTIN, UPC). */
  item: OrderItemSubmission;
  /** How many, in the partner's unit (EA, CS...); a pack size, when given, must be the ERP's for that unit. */
  quantity: Qty;
  /** The price the partner expects per ordered unit; compared with the ERP's price. */
  unitPrice?: Money;
  /** The date by which the partner wants the line shipped. */
  requestedShipDate?: IsoDate;
}

/** An item by its identifiers (ERP_MATERIAL, SKU, VENDOR_PART, GTIN, UPC), with the partner's description. */
export interface OrderItemSubmission {
  /**
   * Every identifier the partner gave for the item: at least one.
   * @minItems 1
   */
  ids: Ident[];
  /** The item's description as the partner or the ERP gives it. */
  description?: string;
}

/** A canonical order as any channel submits it. */
export interface OrderSubmission {
  /** The channel and partner the order comes from. */
  source: OrderSource;
  /**
   * The buyer's purchase order number.
   * @minLength 1
   * @maxLength 35
   * @example "PO-2026-000123"
   */
  orderNumber: string;
  /** What the order does; ORIGINAL when absent. */
  purpose?: OrderPurpose;
  /** The date on the buyer's order. */
  orderDate: IsoDate;
  /**
   * The ISO 4217 currency of the order's prices.
   * @pattern ^[A-Z]{3}$
   * @example "USD"
   */
  currency: string;
  /** At least the BUYER, identified by ERP_CUSTOMER (the sold-to number); optionally the SHIP_TO (ERP_SHIP_TO). */
  parties: Party[];
  /** The date by which the buyer wants the goods delivered. */
  requestedDelivery?: IsoDate;
  /**
   * The lines ordered, 1 to 500, with unique line numbers.
   * @minItems 1
   * @maxItems 500
   */
  lines: OrderLineSubmission[];
}

/** Where an order stands. REJECTED and POSTED end this API's part; later statuses come with the workflow. */
export type ProcessOrderStatus = 'RECEIVED' | 'VALIDATED' | 'PRICED' | 'POSTED' | 'REJECTED' | 'FAILED';

/** A line's outcome: ACCEPTED lines go to the ERP, REJECTED ones do not (see the line's `reason`). */
export type ProcessLineStatus = 'ACCEPTED' | 'REJECTED';

/** One line of an order's processing record. */
export interface ProcessOrderLine {
  /** The partner's line number, verbatim. */
  lineNumber: string;
  /** The item as sent, plus the ERP_MATERIAL it resolved to. */
  item: OrderItemSubmission;
  /** The quantity as sent, with the ERP's pack size once the unit is checked. */
  quantity: Qty;
  /** Whether the line goes to the ERP. */
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

/** One step of an order's processing: the status it reached and when. */
export interface OrderHistoryEntry {
  /** The status the order reached. */
  status: ProcessOrderStatus;
  /** When it reached it. */
  at: IsoDateTime;
  /** What happened, for a person to read (the reason of a rejection or failure). */
  detail?: string;
}

/** Where the order went in the ERP. */
export interface ErpPosting {
  /** The ERP's sales order number. */
  salesOrderNumber: string;
  /** The ERP's net value of the sales order. */
  netAmount: Money;
  /** True when the sales order already existed in the ERP (found by customer PO number) and was not posted again. */
  alreadyPosted: boolean;
}

/** An order's processing record: what was received, what the process tier decided, and where it went. */
export interface ProcessOrder {
  /** Opaque, unguessable id of this order in the gateway. */
  id: string;
  /** The channel and partner the order came from. */
  source: OrderSource;
  /** The buyer's purchase order number, as submitted. */
  orderNumber: string;
  /** What the order does. */
  purpose: OrderPurpose;
  /** The date on the buyer's order. */
  orderDate: IsoDate;
  /** The ISO 4217 currency of the order's prices. */
  currency: string;
  /** The parties as submitted: the BUYER, and the SHIP_TO when one was given. */
  parties: Party[];
  /** The date by which the buyer wants the goods delivered. */
  requestedDelivery?: IsoDate;
  /** Where the order stands. */
  status: ProcessOrderStatus;
  /** Why the order was rejected or failed. */
  reason?: string;
  /** The lines, in the order they were submitted, each with its outcome. */
  lines: ProcessOrderLine[];
  /** The ERP sales order, once the order is POSTED. */
  erp?: ErpPosting;
  /** The correlation id of the submission: it appears on every hop's log and at the platform. */
  correlationId: string;
  /** When the gateway received the order. */
  receivedAt: IsoDateTime;
  /** When the record last changed. */
  updatedAt: IsoDateTime;
  /** Every status the order went through, oldest first, with its time. */
  history: OrderHistoryEntry[];
  /** Total of the accepted lines at the ERP's prices. */
  total?: Decimal;
}
