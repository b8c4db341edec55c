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

/** One identifier of a thing in one scheme: `{ "scheme": "GTIN", "value": "0614141000012" }`. */
export interface Ident {
  /** Which kind of identifier `value` is. */
  scheme: IdentScheme;
  /** The identifier, verbatim. */
  value: string;
}

/**
 * UN/ECE Recommendation 20 unit code: EA (each), CS (case), PL (pallet)...
 * @pattern ^[A-Z0-9]{2,3}$
 * @example "CS"
 */
export type UnitCode = string;

/** A quantity in a unit of measure. */
export interface Qty {
  /** How many units. */
  value: Decimal;
  /** The unit `value` counts. */
  uom: UnitCode;
  /** Eaches per unit (a case of 12 has packSize "12"). Absent for EA. */
  packSize?: Decimal;
}

/** An amount of money in a currency. */
export interface Money {
  /** The amount, a decimal string. */
  amount: Decimal;
  /**
   * ISO 4217 currency code.
   * @pattern ^[A-Z]{3}$
   * @example "USD"
   */
  currency: string;
}

/** A postal address. */
export interface Address {
  /** The name of the addressee, as printed on the first line. */
  name?: string;
  /** Street lines, in order. */
  lines: string[];
  /** City or town. */
  city?: string;
  /** State, province or region code. */
  region?: string;
  /** Postal or ZIP code. */
  postalCode?: string;
  /**
   * ISO 3166-1 alpha-2 country code.
   * @pattern ^[A-Z]{2}$
   */
  country: string;
}

/** What a party is to a document: who buys, sells, receives, is billed, ships, is marked for, or is paid. */
export type PartyRole = 'BUYER' | 'SELLER' | 'SHIP_TO' | 'BILL_TO' | 'SHIP_FROM' | 'MARK_FOR' | 'REMIT_TO';

/** A business party of a document (buyer, ship-to...), by every identifier the sender gave. */
export interface Party {
  /** What the party is to the document. */
  role: PartyRole;
  /** The party's identifiers: ERP_CUSTOMER or ERP_SHIP_TO for our ERP's numbers, GLN, DUNS... */
  ids: Ident[];
  /** The party's name, when the sender gave it. */
  name?: string;
  /** The party's address, when the sender gave it. */
  address?: Address;
}

/** The channel a document came through: EDI, a marketplace, an API, or an internal application. */
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

/** What an order document does: ORIGINAL places an order, CHANGE amends it, CANCEL withdraws it. */
export type OrderPurpose = 'ORIGINAL' | 'CHANGE' | 'CANCEL';

export type OrderStatus = 'RECEIVED' | 'REJECTED' | 'POSTED' | 'ACKNOWLEDGED' | 'RELEASED' | 'SHIPPED' | 'INVOICED';

export type OrderLineStatus = 'OPEN' | 'ACCEPTED' | 'BACKORDERED' | 'REJECTED';

/** An item by its identifiers, with its description. */
export interface ItemRef {
  /** Every identifier of the item: the partner's (GTIN, UPC, buyer part...) and the ERP_MATERIAL it resolved to. */
  ids: Ident[];
  /** The item's description, as the partner or the ERP gives it. */
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

/** What one handling unit holds of one order line. */
export interface HandlingUnitContent {
  /** The buyer's order number the goods belong to. */
  orderNumber: string;
  /** The partner's line number, verbatim. */
  lineNumber: string;
  /** The item as the partner ordered it, with the ERP material it resolved to. */
  item: ItemRef;
  /** How much of the line the unit holds, in the unit the warehouse counted. */
  quantity: Qty;
}

/** A pallet or carton as shipped, with its SSCC-18 when the warehouse labelled it. */
export interface ShippedHandlingUnit {
  /**
   * The unit's GS1 serial shipping container code (18 digits, check digit included).
   * @pattern ^\d{18}$
   */
  sscc?: string;
  /** What the unit is. */
  type: 'PALLET' | 'CARTON' | 'PACKAGE';
  /** The SSCC of the pallet a carton travels on. */
  parentSscc?: string;
  /** The carrier's tracking number of a parcel. */
  trackingNumber?: string;
  /** Gross weight in kilograms. */
  weightKg?: Decimal;
  /** What the unit holds, per order line. */
  contents: HandlingUnitContent[];
}

/** The carrier that took a shipment, and its references. */
export interface ShipmentCarrier {
  /** The carrier's name. */
  name?: string;
  /** The carrier's Standard Carrier Alpha Code. */
  scac?: string;
  /** The service level (ground, LTL...). */
  service?: string;
  /** Bill of lading number. */
  bolNumber?: string;
  /** The freight carrier's PRO number. */
  proNumber?: string;
  /** Parcel tracking numbers. */
  trackingNumbers: string[];
}

/** A shipment that left the warehouse (an ASN's content). */
export interface Shipment {
  /** The warehouse's shipment id (BSN02 of an 856). */
  shipmentNumber: string;
  /** The day it shipped. */
  shipDate: IsoDate;
  /** When it shipped. */
  shippedAt: IsoDateTime;
  /** The warehouse it left from. */
  shipFrom: string;
  /** Who carries it. */
  carrier: ShipmentCarrier;
  /** The buyer's order number. */
  orderNumber: string;
  /** The ERP's sales order the goods belong to. */
  salesOrderNumber: string;
  /** Every pallet and carton, with what it holds. */
  handlingUnits: ShippedHandlingUnit[];
}

/** One invoiced line, echoing the partner's line number. */
export interface InvoiceLine {
  /** The partner's line number, verbatim. */
  lineNumber: string;
  /** The item as the partner ordered it. */
  item: ItemRef;
  /** The quantity billed. */
  quantity: Qty;
  /** The net price per ordered unit. */
  unitPrice: Money;
  /** The line's net amount. */
  amount: Money;
}

/** Totals of an invoice. */
export interface InvoiceTotals {
  /** Sum of the lines' net amounts. */
  subtotal: Money;
  /** Sales tax. */
  tax: Money;
  /** What the customer owes: subtotal plus tax. */
  total: Money;
}

/** An invoice (810's content) as the ERP billed it. */
export interface Invoice {
  /** The ERP's billing document number. */
  invoiceNumber: string;
  /** The billing date. */
  invoiceDate: IsoDate;
  /** The buyer's order number. */
  orderNumber: string;
  /** The ERP's sales order it bills. */
  salesOrderNumber: string;
  /** The shipments it bills. */
  shipmentNumbers: string[];
  /** The order's parties. */
  parties: Party[];
  /** ISO 4217 currency of every amount. */
  currency: string;
  /** The ERP's payment terms key (e.g. NT30). */
  terms?: string;
  /** The invoiced lines. */
  lines: InvoiceLine[];
  /** Subtotal, tax and total. */
  totals: InvoiceTotals;
}
