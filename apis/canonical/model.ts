/*
 * The canonical business objects: the only language of the process tier (../shared/design/CANONICAL-MODEL.md).
 * System adapters map platform dialects to these; partner APIs map channel dialects to these.
 *
 * Amounts and quantities are decimal strings, never JS numbers: "12.50", "24".
 * Identifiers are lists, because partners send several at once.
 *
 * (A plain block comment on purpose: tsoa reads a type's JSDoc tags from the first JSDoc above it, and a
 * JSDoc header here would hide the @pattern of `Decimal` below.)
 */

/**
 * A decimal number as a string, e.g. "12.50".
 * @pattern ^-?\d+(\.\d+)?$
 * @example "12.50"
 */
export type Decimal = string;

/**
 * An ISO 8601 calendar date.
 * @pattern ^\d{4}-\d{2}-\d{2}$
 * @example "2026-12-01"
 */
export type IsoDate = string;

/** An ISO 8601 date-time in UTC. @example "2026-11-28T09:30:00.000Z" */
export type IsoDateTime = string;

/**
 * Identifier schemes the model knows. Partners may send others; adapters keep them verbatim.
 * GTIN, UPC, BUYER_PART, VENDOR_PART, SKU, ASIN, ERP_MATERIAL for items; GLN, DUNS, ERP_CUSTOMER, ERP_SHIP_TO for parties.
 */
export type IdentScheme = string;

export interface Ident {
  scheme: IdentScheme;
  value: string;
}

/**
 * UN/ECE Recommendation 20 unit code: EA (each), CS (case), PL (pallet)...
 * @pattern ^[A-Z0-9]{2,3}$
 * @example "CS"
 */
export type UnitCode = string;

export interface Qty {
  value: Decimal;
  uom: UnitCode;
  /** Eaches per unit (a case of 12 has packSize "12"). Absent for EA. */
  packSize?: Decimal;
}

export interface Money {
  amount: Decimal;
  /**
   * ISO 4217 currency code.
   * @pattern ^[A-Z]{3}$
   * @example "USD"
   */
  currency: string;
}

export interface Address {
  name?: string;
  lines: string[];
  city?: string;
  region?: string;
  postalCode?: string;
  /**
   * ISO 3166-1 alpha-2 country code.
   * @pattern ^[A-Z]{2}$
   */
  country: string;
}

export type PartyRole = 'BUYER' | 'SELLER' | 'SHIP_TO' | 'BILL_TO' | 'SHIP_FROM' | 'MARK_FOR' | 'REMIT_TO';

export interface Party {
  role: PartyRole;
  ids: Ident[];
  name?: string;
  address?: Address;
}

export type Channel = 'EDI' | 'MARKETPLACE' | 'API' | 'INTERNAL';

/** Where a business object came from. The envelope stays here, out of the business object. */
export interface SourceReference {
  channel: Channel;
  /** The partner profile id (from configuration) that sent it. */
  partnerId: string;
  /** The channel's own id for the document (an Amazon PO id, an ISA/ST control number pair...). */
  externalId?: string;
  receivedAt: IsoDateTime;
  /** SHA-256 of the raw payload as received, hex. */
  payloadHash?: string;
  /** Test-mode input never posts to a production ERP. */
  test: boolean;
}

export type OrderPurpose = 'ORIGINAL' | 'CHANGE' | 'CANCEL';

export type OrderStatus = 'RECEIVED' | 'REJECTED' | 'POSTED' | 'ACKNOWLEDGED' | 'RELEASED' | 'SHIPPED' | 'INVOICED';

export type OrderLineStatus = 'OPEN' | 'ACCEPTED' | 'BACKORDERED' | 'REJECTED';

export interface ItemRef {
  ids: Ident[];
  description?: string;
}

export interface OrderLine {
  /** The partner's line number, kept verbatim (PO101, itemSequenceNumber): 855, 856 and 810 echo it. */
  lineNumber: string;
  item: ItemRef;
  quantity: Qty;
  unitPrice?: Money;
  requestedShipDate?: IsoDate;
  status?: OrderLineStatus;
  /** Why the line is not accepted as sent. */
  reason?: string;
}

export interface Order {
  id?: string;
  source: SourceReference;
  /** The buyer's purchase order number (850 BEG03, PurchaseOrderByCustomer). */
  orderNumber: string;
  purpose: OrderPurpose;
  orderDate: IsoDate;
  /** @pattern ^[A-Z]{3}$ */
  currency: string;
  parties: Party[];
  requestedDelivery?: IsoDate;
  references?: Ident[];
  lines: OrderLine[];
  status?: OrderStatus;
}

export interface InventoryPosition {
  item: ItemRef;
  location: Ident;
  asOf: IsoDateTime;
  uom: UnitCode;
  onHand: Decimal;
  available: Decimal;
  committed?: Decimal;
  incoming?: Decimal;
  backordered?: Decimal;
  nextAvailableDate?: IsoDate;
}
