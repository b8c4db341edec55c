/**
 * The inventory process API's v1 contract: an item's availability per warehouse, merged from the WMS (what is
 * physically there) and the ERP (what is still free to promise), with how fresh each source is.
 * Every quantity is a decimal string in the item's base unit (EA for every sandbox item). Named DTOs only (tsoa
 * mangles generic and Omit-derived schema names).
 */
import type { Decimal, Ident, IsoDate, IsoDateTime } from '../../../canonical/model';

/**
 * ERP material number, which is also the WMS SKU.
 * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$
 * @example "TG-10001"
 */
export type MaterialNumber = string;

/** One item's stock and promisable quantity in one warehouse. */
export interface WarehouseAvailability {
  /**
   * The WMS warehouse (fulfillment center) id.
   * @example "1010"
   */
  warehouse: string;
  /**
   * The ERP plant the warehouse is (`process.inventory.warehousePlants`; the same id by default).
   * @example "1010"
   */
  plant: string;
  /**
   * Eaches physically in the warehouse, as the WMS counts them.
   * @example "2700"
   */
  onHand: Decimal;
  /**
   * Eaches the WMS can still commit to new releases: on hand less committed.
   * @example "2496"
   */
  available: Decimal;
  /**
   * Eaches the WMS has reserved for released orders not yet shipped.
   * @example "204"
   */
  committed: Decimal;
  /**
   * Eaches on inbound receipts not yet put away.
   * @example "0"
   */
  incoming: Decimal;
  /**
   * The ERP's available-to-promise now at the plant: on hand less committed less open sales orders not yet
   * released to the warehouse. Absent when the ERP reports no availability for the plant.
   * @example "2496"
   */
  erpAvailable?: Decimal;
  /**
   * What can be promised to a new order from this warehouse: the smaller of the WMS's `available` and the ERP's
   * `erpAvailable`; "0" when the ERP reports no availability for the plant (orders are placed in the ERP).
   * @example "2496"
   */
  promisable: Decimal;
  /**
   * The day the ERP expects more to become available at the plant (a replenishment due), when it expects any.
   * @example "2026-12-03"
   */
  nextAvailableDate?: IsoDate;
  /**
   * When the oldest of this warehouse's sources (the WMS position, the ERP's availability) was read.
   * @example "2026-11-28T09:30:00.000Z"
   */
  asOf: IsoDateTime;
  /**
   * True when `asOf` is older than the configured `process.inventory.staleAfterSeconds` (900 by default): the
   * numbers may no longer hold.
   * @example false
   */
  stale: boolean;
}

/** An item's availability across the warehouses, merged from the WMS and the ERP, in the item's base unit. */
export interface ItemAvailability {
  /**
   * The ERP material number.
   * @example "TG-10001"
   */
  material: string;
  /** Every identifier known for the item: ERP_MATERIAL, SKU, GTIN (of the each), WMS_INVENTORY_ID. */
  ids: Ident[];
  /**
   * The item's description in the ERP.
   * @example "Nitrile Exam Gloves, Powder-Free, 100ct, Small"
   */
  description?: string;
  /**
   * The unit of every quantity: the item's base unit (UN/ECE Rec 20), EA for every sandbox item.
   * @example "EA"
   */
  uom: string;
  /**
   * The sum of `promisable` over the warehouses.
   * @example "5740"
   */
  totalPromisable: Decimal;
  /** One entry per warehouse the WMS holds a record of the item in, by warehouse id. */
  warehouses: WarehouseAvailability[];
  /**
   * When the oldest of the item's sources was read: the oldest `asOf` of its warehouses and of the ERP's answer.
   * @example "2026-11-28T09:30:00.000Z"
   */
  asOf: IsoDateTime;
}

/** How fresh one warehouse's inventory feed is: the latest position the WMS reports for it, and its age. */
export interface InventoryFeedAge {
  /**
   * The WMS warehouse (fulfillment center) id.
   * @example "1010"
   */
  warehouse: string;
  /**
   * The latest `asOf` among the warehouse's inventory positions.
   * @example "2026-11-28T09:30:00.000Z"
   */
  asOf: IsoDateTime;
  /**
   * Whole seconds from `asOf` to now (0 when the WMS's clock is ahead).
   * @isInt
   * @example 12
   */
  ageSeconds: number;
  /**
   * True when the age exceeds `process.inventory.staleAfterSeconds` (900 by default).
   * @example false
   */
  stale: boolean;
}
