/**
 * The customer orders API v2's documents: shipping notices (ASN as JSON), invoices and availability. Fields a partner
 * may be configured not to see (channels.customers.partners.<id>.hideFields) are optional: absent, never null.
 */
import type { IsoDate, IsoDateTime } from '../../../canonical/model';
import type { Money } from './models';

/**
 * How `id` names the item: SKU (our item number), GTIN, or BUYER_PART (your part number, as configured for you).
 * @example "SKU"
 */
export type ItemIdScheme = 'SKU' | 'GTIN' | 'BUYER_PART';

/** An item as you know it: by the identifier configured for you, or our SKU when we know no other. */
export interface DocumentItem {
  /**
   * The item's identifier in `scheme`.
   * @example "TG-10001"
   */
  id: string;
  /** Which identifier `id` is. */
  scheme: ItemIdScheme;
  /**
   * Our description of the item.
   * @example "Nitrile Exam Gloves, Powder-Free, 100ct, Small"
   */
  description?: string;
}

/** A quantity on a document. */
export interface DocumentQuantity {
  /**
   * How many units.
   * @example "2"
   */
  value: string;
  /**
   * The unit (EA, CS, or your own code for it when one is configured for you).
   * @example "CS"
   */
  unit: string;
  /**
   * Eaches in one unit, when known.
   * @example "10"
   */
  packSize?: string;
}

/** What one handling unit holds of one of your order's items. */
export interface HandlingUnitContent {
  /**
   * Your line number, as you sent it.
   * @example "1"
   */
  lineNumber: string;
  /** The item. */
  item: DocumentItem;
  /** How much of the line the unit holds. */
  quantity: DocumentQuantity;
}

/** A pallet, carton or parcel as shipped. */
export interface HandlingUnit {
  /**
   * The GS1 SSCC-18 on the unit's label, when it has one.
   * @example "006141410000000012"
   */
  sscc?: string;
  /** What the unit is: a pallet, a carton, or a parcel. */
  type: 'PALLET' | 'CARTON' | 'PACKAGE';
  /**
   * The SSCC of the pallet this unit travels on.
   * @example "006141410000000005"
   */
  parentSscc?: string;
  /**
   * The carrier's tracking number of a parcel.
   * @example "1Z999AA10123456784"
   */
  trackingNumber?: string;
  /**
   * Gross weight in kilograms.
   * @example "12.5"
   */
  weightKg?: string;
  /** What the unit holds, per item of your order. */
  contents: HandlingUnitContent[];
}

/** The carrier that took a shipment, and its references. */
export interface ShipmentCarrier {
  /**
   * The carrier's name.
   * @example "UPS"
   */
  name?: string;
  /**
   * The carrier's Standard Carrier Alpha Code.
   * @example "UPSN"
   */
  scac?: string;
  /**
   * The service level.
   * @example "Ground"
   */
  service?: string;
  /** The bill of lading number. */
  bolNumber?: string;
  /** The freight carrier's PRO number. */
  proNumber?: string;
  /** Parcel tracking numbers: empty for freight. */
  trackingNumbers: string[];
}

/** A shipping notice (ASN): one shipment of your order, with every pallet and carton and what it holds. */
export interface ShipmentNotice {
  /**
   * Our shipment number.
   * @example "SHP-000123"
   */
  shipmentNumber: string;
  /** The day it shipped. */
  shipDate: IsoDate;
  /** When it shipped. */
  shippedAt: IsoDateTime;
  /**
   * The warehouse it left from: shown only when your configuration lets you see our warehouses.
   * @example "1010"
   */
  shipFrom?: string;
  /** Who carries it. */
  carrier: ShipmentCarrier;
  /** Our id of your order. */
  orderId: string;
  /** Your reference of the order. */
  customerReference: string;
  /** Our sales order number. */
  salesOrderNumber?: string;
  /** Every pallet, carton and parcel, with what it holds. */
  handlingUnits: HandlingUnit[];
}

/** The shipments of one of your orders, oldest first: empty until something ships. */
export interface ShipmentList {
  /** The shipping notices. */
  shipments: ShipmentNotice[];
}

/** One invoiced item. */
export interface InvoiceLine {
  /**
   * Your line number, as you sent it.
   * @example "1"
   */
  lineNumber: string;
  /** The item. */
  item: DocumentItem;
  /** The quantity billed. */
  quantity: DocumentQuantity;
  /** The net price per unit. */
  unitPrice?: Money;
  /** The line's net amount. */
  amount: Money;
}

/** What an invoice adds up to. */
export interface InvoiceTotals {
  /** Sum of the lines' net amounts. */
  subtotal: Money;
  /** Sales tax. */
  tax: Money;
  /** What you owe: subtotal plus tax. */
  total: Money;
}

/** An invoice for (part of) one of your orders. */
export interface InvoiceDocument {
  /**
   * Our invoice number.
   * @example "90000123"
   */
  invoiceNumber: string;
  /** The invoice date. */
  invoiceDate: IsoDate;
  /** Our id of your order. */
  orderId: string;
  /** Your reference of the order. */
  customerReference: string;
  /** Our sales order number. */
  salesOrderNumber?: string;
  /** The shipments the invoice bills. */
  shipmentNumbers: string[];
  /**
   * The currency of every amount.
   * @example "USD"
   */
  currency: string;
  /**
   * Payment terms.
   * @example "NT30"
   */
  terms?: string;
  /** The invoiced items. */
  lines: InvoiceLine[];
  /** Subtotal, tax and total. */
  totals: InvoiceTotals;
}

/** The invoices of one of your orders: empty until it is billed. */
export interface InvoiceList {
  /** The invoices. */
  invoices: InvoiceDocument[];
}

/** What one warehouse can promise of an item (only when your configuration shows warehouses). */
export interface WarehouseAvailability {
  /**
   * Our warehouse id: shown only when your configuration names warehouses.
   * @example "1010"
   */
  warehouse?: string;
  /**
   * Eaches the warehouse can promise to a new order.
   * @example "2496"
   */
  available: string;
  /** When more is due at the warehouse, when we expect any. */
  nextAvailableDate?: IsoDate;
  /**
   * True when the warehouse's numbers are old enough that they may no longer hold.
   * @example false
   */
  stale: boolean;
}

/** What we can promise of one item now, in its base unit. */
export interface ItemAvailability {
  /**
   * The SKU you asked for.
   * @example "TG-10001"
   */
  sku: string;
  /** The item as you know it. */
  item: DocumentItem;
  /**
   * The unit of the quantities: the item's base unit.
   * @example "EA"
   */
  unit: string;
  /**
   * What we can promise to a new order now, over all warehouses.
   * @example "5740"
   */
  available: string;
  /** The earliest day more is due, when we expect any. */
  nextAvailableDate?: IsoDate;
  /** When the oldest of the numbers was read. */
  asOf: IsoDateTime;
  /**
   * True when some of the numbers are old enough that they may no longer hold.
   * @example false
   */
  stale: boolean;
  /** Per warehouse: present only when your configuration shows warehouses. */
  warehouses?: WarehouseAvailability[];
}

/** Availability of the items you asked for, in the order asked. */
export interface AvailabilityList {
  /** The items we know. */
  items: ItemAvailability[];
  /** The SKUs you asked for that we do not know. */
  unknownSkus: string[];
}
