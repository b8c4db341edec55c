/**
 * The WMS system API's v1 contract: the shapes its controllers answer and accept, canonical-leaning (decimal
 * strings, UN/ECE Rec 20 units, identifier lists, verbatim line numbers). The doc comments are the published spec.
 */
import type { Decimal, Ident, IsoDate, IsoDateTime, Qty, UnitCode } from '../../../canonical/model';

/**
 * ERP material number, which is also the WMS SKU.
 * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$
 * @example "TG-10001"
 */
export type MaterialNumber = string;

/**
 * Warehouse id: the ERP plant, which is also the WMS fulfillment center (location) id.
 * @pattern ^\d{1,10}$
 * @example "1010"
 */
export type WarehouseId = string;

/**
 * ERP sales order number.
 * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,34}$
 * @example "1000001"
 */
export type SalesOrderNumber = string;

/**
 * Id of a release. Treat it as opaque: today it is the sales order number, since a sales order is released once.
 * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,34}$
 * @example "1000001"
 */
export type ReleaseId = string;

/**
 * Id of a shipment in the WMS.
 * @pattern ^\d{1,10}$
 * @example "30000001"
 */
export type ShipmentId = string;

/**
 * Serial Shipping Container Code: 18 digits, the last a GS1 check digit (printed as AI (00)).
 * @pattern ^\d{18}$
 * @example "006141410000000012"
 */
export type Sscc = string;

/** Stock of one item in one warehouse, in the item's base unit. */
export interface InventoryPosition {
  /** The item's ERP material number (the WMS SKU). */
  material: MaterialNumber;
  /** GTIN-13 of the each, when the WMS knows it. */
  gtin?: string;
  /** Every identifier the WMS holds for the item: SKU, GTIN, WMS_INVENTORY_ID. */
  ids: Ident[];
  /** Where the stock is. */
  warehouse: WarehouseId;
  /** Unit of every quantity below: the base unit, EA. */
  uom: UnitCode;
  /** Eaches physically in the warehouse. */
  onHand: Decimal;
  /** Eaches free to promise to new orders: on hand less committed, never below zero. */
  available: Decimal;
  /** Eaches reserved for released orders not yet shipped. */
  committed: Decimal;
  /** Eaches ordered from this warehouse that it could not commit for want of stock. Absent when the WMS does not report it per warehouse. */
  backordered?: Decimal;
  /** Eaches on inbound receipts (purchase orders, transfers) not yet put away. */
  incoming: Decimal;
  /** When the gateway read the position from the WMS. */
  asOf: IsoDateTime;
}

/** One page of inventory positions, ordered by material, then warehouse. */
export interface InventoryPositionPage {
  /** The positions of this page. */
  items: InventoryPosition[];
  /**
   * How many positions match the query, over all pages.
   * @isInt
   */
  total: number;
  /**
   * Index of the first position of this page in the whole result.
   * @isInt
   */
  offset: number;
  /**
   * Largest page size asked for.
   * @isInt
   */
  limit: number;
}

/** Where a release ships to. */
export interface ShipToAddress {
  /**
   * Name of the receiving party, printed on the labels.
   * @minLength 1
   * @maxLength 300
   */
  name: string;
  /**
   * Street lines, the first one required.
   * @minItems 1
   * @maxItems 3
   */
  lines: string[];
  /**
   * City or town.
   * @minLength 1
   * @maxLength 100
   */
  city: string;
  /** State or province code. */
  region?: string;
  /** Postal or ZIP code. */
  postalCode?: string;
  /**
   * ISO 3166-1 alpha-2 country code.
   * @pattern ^[A-Z]{2}$
   * @example "US"
   */
  country: string;
}

/** One line of a release: what to pick for one line of the sales order. */
export interface ReleaseLineCreate {
  /**
   * The order's line number, kept verbatim and echoed on every handling unit that carries the line. Unique in the release.
   * @minLength 1
   * @maxLength 50
   * @example "10"
   */
  lineNumber: string;
  /** The item to pick. */
  material: MaterialNumber;
  /** How much: a whole number of EA (eaches) or CS (cases; the WMS knows the case size). */
  quantity: Qty;
}

/** A sales order released to a warehouse for picking, packing and shipping. */
export interface OrderReleaseCreate {
  /** The ERP sales order being released. A sales order is released once: a second release of it is a conflict (409). */
  salesOrderNumber: SalesOrderNumber;
  /**
   * The customer's purchase order number, printed on packing lists and labels.
   * @minLength 1
   * @maxLength 35
   */
  customerPurchaseOrderNumber: string;
  /** Where the goods go. */
  shipTo: ShipToAddress;
  /** The warehouse that must fulfil the whole release. */
  warehouse: WarehouseId;
  /** Date by which the warehouse should ship. */
  requestedShipDate?: IsoDate;
  /**
   * The lines to fulfil.
   * @minItems 1
   * @maxItems 500
   */
  lines: ReleaseLineCreate[];
}

/**
 * Where a release stands in the warehouse. RELEASED: queued (or waiting for stock); PICKING: being picked;
 * PACKED: packed and labelled, waiting for the carrier; SHIPPED: every shipment left; CANCELLED: will not ship.
 */
export type ReleaseStatus = 'RELEASED' | 'PICKING' | 'PACKED' | 'SHIPPED' | 'CANCELLED';

/** One line of a release as the WMS holds it. */
export interface ReleaseLine {
  /** The order's line number, verbatim. */
  lineNumber: string;
  material: MaterialNumber;
  /** The quantity released, in the unit it was released in. */
  quantity: Qty;
}

/** A release as the WMS holds it. */
export interface OrderRelease {
  /** Id of the release (the path of GET /releases/{releaseId}). */
  releaseId: ReleaseId;
  /** The WMS's own order id. */
  wmsOrderId: string;
  /** The ERP sales order released. */
  salesOrderNumber: SalesOrderNumber;
  /** The customer's purchase order number, when the WMS holds it. */
  customerPurchaseOrderNumber?: string;
  /** The warehouse fulfilling the release (the first one, should the WMS split it). */
  warehouse?: WarehouseId;
  status: ReleaseStatus;
  /** Why the release waits, in the WMS's words (out of stock...). Absent when nothing holds it. */
  statusReasons?: string[];
  /** When the WMS received the release. */
  createdAt: IsoDateTime;
  /** Date by which the warehouse should ship, when one was asked for. */
  requestedShipDate?: IsoDate;
  /** The lines, in the order they were released. */
  lines: ReleaseLine[];
}

/** The carrier that took a shipment, and how to follow it. */
export interface CarrierInfo {
  /** Carrier name as the WMS reports it. */
  name?: string;
  /**
   * Standard Carrier Alpha Code.
   * @example "UPSN"
   */
  scac?: string;
  /**
   * The carrier's service level.
   * @example "Ground"
   */
  service?: string;
  /** Tracking numbers of the shipment (a parcel tracking number, or the PRO number of a freight shipment). */
  trackingNumbers: string[];
  /** PRO number of an LTL freight shipment. */
  proNumber?: string;
  /** Bill of lading number of a freight shipment. */
  bolNumber?: string;
}

/** What a handling unit carries of one release line. */
export interface HandlingUnitContent {
  /** The release line's line number, verbatim. */
  lineNumber: string;
  material: MaterialNumber;
  /** How much of the line is in the unit, in eaches (EA). */
  quantity: Qty;
}

/** A carton or pallet as shipped. Cartons on a pallet name it as their parent. */
export interface HandlingUnit {
  /** The unit's SSCC-18. Absent only when the WMS labelled the unit with a barcode that is not an SSCC. */
  sscc?: Sscc;
  /** The WMS's barcode for the unit, when it is not an SSCC. */
  barcode?: string;
  /** What the unit is: a PALLET, or a CARTON (on a pallet, or shipped on its own). */
  type: 'PALLET' | 'CARTON';
  /** SSCC of the pallet this carton travels on. */
  parentSscc?: Sscc;
  /** The carton's own tracking number, for a one-carton parcel shipment. */
  trackingNumber?: string;
  /** Gross weight in kilograms. */
  weightKg?: Decimal;
  /** Items packed directly in this unit. A pallet's items are in its cartons, so a pallet lists none. */
  contents: HandlingUnitContent[];
}

/** A shipment that left the warehouse: the facts an advance ship notice (856) is built from. */
export interface ShipmentConfirmation {
  /** The WMS's shipment id. */
  shipmentId: ShipmentId;
  /** The release the shipment fulfils. */
  releaseId: ReleaseId;
  /** The WMS's order id. */
  wmsOrderId: string;
  /** The warehouse it shipped from. */
  warehouse: WarehouseId;
  /** Calendar date of shipping (UTC). */
  shipDate: IsoDate;
  /** When it shipped. */
  shippedAt: IsoDateTime;
  carrier: CarrierInfo;
  /** Every pallet and carton, pallets first; the contents of the cartons sum to what shipped. */
  handlingUnits: HandlingUnit[];
}
