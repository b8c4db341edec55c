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

/** A ship-to party: where a customer's orders may be delivered. */
export interface ShipTo {
  /** The ship-to party's ERP customer number. */
  partnerNumber: CustomerNumber;
  /** The ship-to party's name. */
  name: string;
  /** The delivery address. */
  address: Address;
}

/** An ERP customer (sold-to party) with the terms it buys on in the distributor's sales area. */
export interface Customer {
  /** The ERP customer number. */
  customerNumber: CustomerNumber;
  /** The customer's name. */
  name: string;
  /** The customer's main address. */
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
  /** The customers of this page, by customer number. */
  items: Customer[];
  /** How many customers there are, over all pages. */
  total: number;
  /** How many customers this page skipped. */
  offset: number;
  /** The page size asked for. */
  limit: number;
}

/** A unit an item is sold in, with the number of base units it holds. */
export interface ItemUnit {
  /** UN/ECE Rec 20 unit code: EA, CS... */
  uom: UnitCode;
  /** Eaches in one of this unit. "1" for EA. */
  packSize: Decimal;
  /** GTIN of this packaging level, when it has one. */
  gtin?: string;
}

/** An ERP material with every unit it is sold in. */
export interface Item {
  /** The ERP material number. */
  material: MaterialNumber;
  /** The material's description. */
  description: string;
  /** The product category (Gloves, Paper...). */
  category: string;
  /** The unit stock and prices are counted in, usually EA. */
  baseUnit: UnitCode;
  /** GTIN of the base unit. */
  gtin?: string;
  /** Every unit the item can be ordered in, the base unit first. */
  units: ItemUnit[];
  /** Gross weight of one base unit in kilograms. */
  grossWeightKg?: Decimal;
}

/** One page of items. `total` counts all matches, not only this page. */
export interface ItemPage {
  /** The items of this page, by material number. */
  items: Item[];
  /** How many items match, over all pages. */
  total: number;
  /** How many items this page skipped. */
  offset: number;
  /** The page size asked for. */
  limit: number;
}

/** A customer's net price of one base unit of a material. */
export interface CustomerPrice {
  /** The material priced. */
  material: MaterialNumber;
  /** Net price of one base unit for this customer. */
  unitPrice: Money;
  /** The unit the price is per (the item's base unit). */
  uom: UnitCode;
}

/** A customer's prices of the materials asked for. */
export interface CustomerPriceList {
  /** The customer priced for. */
  customerNumber: CustomerNumber;
  /** One price per material asked for, in the order asked. */
  prices: CustomerPrice[];
}

/** A later period in which more of a material becomes available. */
export interface AvailabilityPeriod {
  /** Start of the period in which the quantity is available. */
  from: IsoDateTime;
  /** The quantity available from then, in the base unit. */
  quantity: Decimal;
}

/** A material's available-to-promise quantity in one plant. */
export interface Availability {
  /** The material. */
  material: MaterialNumber;
  /** The plant the quantity is in. */
  plant: PlantId;
  /** Available to promise now, in the base unit. */
  available: Decimal;
  /** The unit of every quantity: the item's base unit. */
  uom: UnitCode;
  /** When the ERP computed the quantity. */
  asOf: IsoDateTime;
  /** Later periods with more quantity, when a replenishment is due. */
  future: AvailabilityPeriod[];
}

/** One line of a sales order to create. */
export interface SalesOrderLineCreate {
  /** The customer's line number, kept verbatim. */
  lineNumber: string;
  /** The material ordered. */
  material: MaterialNumber;
  /** How many, in one of the material's units; `packSize`, when given, must be the ERP's for that unit (else 422). */
  quantity: Qty;
  /** The plant to deliver from; the ERP determines it when absent. */
  plant?: PlantId;
}

/** A sales order to create: the customer, its purchase order and the lines. The ERP prices it. */
export interface SalesOrderCreate {
  /** The ordering customer (sold-to party). */
  customerNumber: CustomerNumber;
  /** Ship-to party; the sold-to party when absent. */
  shipTo?: CustomerNumber;
  /**
   * The customer's purchase order number. Unique per customer: the ERP is looked up by it before posting.
   * @minLength 1
   * @maxLength 35
   */
  purchaseOrderNumber: string;
  /** The date on the customer's purchase order. */
  purchaseOrderDate?: IsoDate;
  /** The date the customer wants the goods delivered by. */
  requestedDeliveryDate?: IsoDate;
  /**
   * The lines, at least one.
   * @minItems 1
   */
  lines: SalesOrderLineCreate[];
}

/** The ERP's overall processing status of a sales order: OPEN (not yet processed), IN_PROCESS (partly processed), COMPLETED. */
export type SalesOrderStatus = 'OPEN' | 'IN_PROCESS' | 'COMPLETED';

/** One line (item) of a sales order, priced by the ERP. */
export interface SalesOrderLine {
  /** The ERP's item number ("10", "20"...). */
  itemNumber: string;
  /** The customer's line number, verbatim. */
  lineNumber?: string;
  /** The material ordered. */
  material: MaterialNumber;
  /** The material's description on the order. */
  description?: string;
  /** The quantity ordered, in the unit ordered. */
  quantity: Qty;
  /** The plant the line is delivered from. */
  plant?: PlantId;
  /** The ERP's net value of the line. */
  netAmount: Money;
}

/** A sales order in the ERP, priced by the ERP. */
export interface SalesOrder {
  /** The ERP's sales order number. */
  salesOrderNumber: string;
  /** The ordering customer (sold-to party). */
  customerNumber: CustomerNumber;
  /** The ship-to party, when the ERP holds one. */
  shipTo?: CustomerNumber;
  /** The customer's purchase order number, as sent on creation. */
  purchaseOrderNumber: string;
  /** The date on the customer's purchase order. */
  purchaseOrderDate?: IsoDate;
  /** The date the customer wants the goods delivered by. */
  requestedDeliveryDate?: IsoDate;
  /** The date the ERP created the sales order. */
  createdOn: IsoDate;
  /** How far the ERP has processed the order. */
  status: SalesOrderStatus;
  /** The ERP's net value of the whole order. */
  netAmount: Money;
  /** The lines, by item number. */
  lines: SalesOrderLine[];
}

/** One line of an invoice: what it bills of one sales order item. */
export interface InvoiceLine {
  /** The invoice's item number. */
  itemNumber: string;
  /** The item number of the sales order line it bills. */
  salesOrderItem: string;
  /** The material billed. */
  material: MaterialNumber;
  /** The quantity billed. */
  quantity: Qty;
  /** The net value billed. */
  netAmount: Money;
}

/** An invoice (ERP billing document). */
export interface Invoice {
  /** The ERP's billing document number. */
  invoiceNumber: string;
  /** The billing date. */
  invoiceDate: IsoDate;
  /** The sales order the invoice bills. */
  salesOrderNumber: string;
  /** The billed customer. */
  customerNumber: CustomerNumber;
  /** The customer's purchase order number, when the ERP holds it. */
  purchaseOrderNumber?: string;
  /** The ERP payment terms key, e.g. NT30. */
  paymentTerms?: string;
  /** Net value of the invoice. */
  netAmount: Money;
  /** Tax on the net value. */
  taxAmount: Money;
  /** Net value plus tax: what the customer pays. */
  totalAmount: Money;
  /** The lines, by item number. */
  lines: InvoiceLine[];
}

/**
 * ERP outbound delivery number, up to 10 digits.
 * @pattern ^\d{1,10}$
 * @example "80000001"
 */
export type DeliveryNumber = string;

/**
 * Id of a WMS shipment that carried goods of the order: letters, digits, `.`, `_` and `-`, at most 35 characters.
 * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,34}$
 * @example "30000001"
 */
export type ShipmentReference = string;

/** The goods of a sales order have left the warehouse: what the WMS reported, for the ERP to post goods issue. */
export interface GoodsIssueCreate {
  /**
   * The WMS shipments that carried the order's goods, 1 to 50 (repeats are ignored). The ERP keeps them as the
   * delivery's external identification (SAP `DeliveryDocumentBySupplier`, 35 characters): all of them,
   * comma-separated, when they fit; otherwise the first one only, and the others are not kept in the ERP.
   * @minItems 1
   * @maxItems 50
   */
  shipmentIds: ShipmentReference[];
  /**
   * The day the goods left; the ERP's today when absent. Not a future day. Used when this call creates the delivery;
   * a delivery that already exists keeps the goods issue date it was created with.
   */
  goodsIssueDate?: IsoDate;
}

/** Goods issue of a sales order in the ERP: its outbound delivery, whose goods issue is posted. The ERP then bills the order. */
export interface GoodsIssue {
  /** The ERP's outbound delivery holding the whole order. */
  deliveryNumber: DeliveryNumber;
  /** The sales order delivered. */
  salesOrderNumber: SalesOrderNumber;
  /** The day goods issue was posted for. */
  goodsIssueDate: IsoDate;
  /** True when goods issue had been posted before this request (nothing was posted now). */
  alreadyPosted: boolean;
}

/**
 * The 409 problem of POST /sales-orders: the customer already has a sales order with that purchase order number.
 * `salesOrderNumber` names it, so the caller can read it instead of creating another.
 */
export interface SalesOrderConflictProblem extends ProblemDetails {
  /** The sales order that already exists for the customer and purchase order number. */
  salesOrderNumber: SalesOrderNumber;
}
