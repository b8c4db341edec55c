/**
 * The ERP system API's v1 contract: the shapes its controllers answer and accept. The process tier's ERP client
 * imports these types, so a change here shows at both ends of the hop (and in the generated spec).
 */
import type { Address, Decimal, IsoDate, IsoDateTime, Money, Qty, UnitCode } from '../../../canonical/model';
import type { ProblemDetails } from '../../../common/problem';

/**
 * ERP customer number (sold-to or ship-to party), 10 digits.
 * @pattern ^\d{10}$
 * @example "0010100001"
 */
export type CustomerNumber = string;

/**
 * ERP material number.
 * @minLength 1
 * @maxLength 40
 * @example "TG-10001"
 */
export type MaterialNumber = string;

/**
 * Plant (warehouse) id, shared by ERP and WMS.
 * @pattern ^\d{4}$
 * @example "1010"
 */
export type PlantId = string;

/**
 * ERP sales order number, up to 10 digits.
 * @pattern ^\d{1,10}$
 * @example "1000001"
 */
export type SalesOrderNumber = string;

/**
 * GTIN of an each or a case: GTIN-8, UPC-A (12), GTIN-13 or GTIN-14. Leading zeros do not matter.
 * @pattern ^(\d{8}|\d{12,14})$
 * @example "10614141000019"
 */
export type Gtin = string;

export interface ShipTo {
  partnerNumber: CustomerNumber;
  name: string;
  address: Address;
}

export interface Customer {
  customerNumber: CustomerNumber;
  name: string;
  address: Address;
  /** ISO 4217 currency the customer is billed in. */
  currency: string;
  /** ERP payment terms key, e.g. NT30. */
  paymentTerms: string;
  /** The customer's price list (ERP customer price group). */
  priceList: string;
  /** Ship-to parties the customer may order for, the customer itself included when it receives goods. */
  shipTos: ShipTo[];
}

/** One page of customers. `total` counts all matches, not only this page. */
export interface CustomerPage {
  items: Customer[];
  total: number;
  offset: number;
  limit: number;
}

export interface ItemUnit {
  /** UN/ECE Rec 20 unit code: EA, CS... */
  uom: UnitCode;
  /** Eaches in one of this unit. "1" for EA. */
  packSize: Decimal;
  /** GTIN of this packaging level, when it has one. */
  gtin?: string;
}

export interface Item {
  material: MaterialNumber;
  description: string;
  category: string;
  baseUnit: UnitCode;
  /** GTIN of the base unit. */
  gtin?: string;
  /** Every unit the item can be ordered in, the base unit first. */
  units: ItemUnit[];
  grossWeightKg?: Decimal;
}

export interface ItemPage {
  items: Item[];
  total: number;
  offset: number;
  limit: number;
}

export interface CustomerPrice {
  material: MaterialNumber;
  /** Net price of one base unit for this customer. */
  unitPrice: Money;
  /** The unit the price is per (the item's base unit). */
  uom: UnitCode;
}

export interface CustomerPriceList {
  customerNumber: CustomerNumber;
  prices: CustomerPrice[];
}

export interface AvailabilityPeriod {
  /** Start of the period in which the quantity is available. */
  from: IsoDateTime;
  quantity: Decimal;
}

export interface Availability {
  material: MaterialNumber;
  plant: PlantId;
  /** Available to promise now, in the base unit. */
  available: Decimal;
  uom: UnitCode;
  asOf: IsoDateTime;
  /** Later periods with more quantity, when a replenishment is due. */
  future: AvailabilityPeriod[];
}

export interface SalesOrderLineCreate {
  /** The customer's line number, kept verbatim. */
  lineNumber: string;
  material: MaterialNumber;
  quantity: Qty;
  plant?: PlantId;
}

export interface SalesOrderCreate {
  customerNumber: CustomerNumber;
  /** Ship-to party; the sold-to party when absent. */
  shipTo?: CustomerNumber;
  /**
   * The customer's purchase order number. Unique per customer: the ERP is looked up by it before posting.
   * @minLength 1
   * @maxLength 35
   */
  purchaseOrderNumber: string;
  purchaseOrderDate?: IsoDate;
  requestedDeliveryDate?: IsoDate;
  /** @minItems 1 */
  lines: SalesOrderLineCreate[];
}

export type SalesOrderStatus = 'OPEN' | 'IN_PROCESS' | 'COMPLETED';

export interface SalesOrderLine {
  /** The ERP's item number ("10", "20"...). */
  itemNumber: string;
  /** The customer's line number, verbatim. */
  lineNumber?: string;
  material: MaterialNumber;
  description?: string;
  quantity: Qty;
  plant?: PlantId;
  netAmount: Money;
}

export interface SalesOrder {
  salesOrderNumber: string;
  customerNumber: CustomerNumber;
  shipTo?: CustomerNumber;
  purchaseOrderNumber: string;
  purchaseOrderDate?: IsoDate;
  requestedDeliveryDate?: IsoDate;
  createdOn: IsoDate;
  status: SalesOrderStatus;
  netAmount: Money;
  lines: SalesOrderLine[];
}

export interface InvoiceLine {
  itemNumber: string;
  salesOrderItem: string;
  material: MaterialNumber;
  quantity: Qty;
  netAmount: Money;
}

export interface Invoice {
  invoiceNumber: string;
  invoiceDate: IsoDate;
  salesOrderNumber: string;
  customerNumber: CustomerNumber;
  purchaseOrderNumber?: string;
  paymentTerms?: string;
  netAmount: Money;
  taxAmount: Money;
  totalAmount: Money;
  lines: InvoiceLine[];
}

/**
 * The 409 problem of POST /sales-orders: the customer already has a sales order with that purchase order number.
 * `salesOrderNumber` names it, so the caller can read it instead of creating another.
 */
export interface SalesOrderConflictProblem extends ProblemDetails {
  /** The sales order that already exists for the customer and purchase order number. */
  salesOrderNumber: SalesOrderNumber;
}
