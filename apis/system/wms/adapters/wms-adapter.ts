/**
 * The port between the WMS system API and a warehouse management system. One adapter per WMS dialect
 * (shipbob/ today); the controllers and their tests know only this interface and the v1 contract.
 *
 * Every method fails with a `GatewayError`: ERR_NOT_FOUND, ERR_VALIDATION, ERR_CONFLICT, ERR_UNPROCESSABLE (the
 * WMS refused, with its message), or ERR_PLATFORM_BAD_GATEWAY / _UNAVAILABLE / _TIMEOUT when the WMS failed.
 */
import type {
  InventoryPosition,
  InventoryPositionPage,
  OrderRelease,
  OrderReleaseCreate,
  ShipmentConfirmation,
} from '../v1/models';

export interface InventoryQuery {
  /** Only this material. */
  material?: string;
  /** Only this warehouse. */
  warehouse?: string;
  /** Index of the first position to answer, from 0. */
  offset: number;
  /** Most positions to answer. */
  limit: number;
}

export interface WmsAdapter {
  /** Stock per item per warehouse, ordered by material then warehouse. */
  listInventory(query: InventoryQuery): Promise<InventoryPositionPage>;
  /** Stock of one item in every warehouse that holds a record of it. ERR_NOT_FOUND for an unknown material. */
  getInventory(material: string): Promise<InventoryPosition[]>;
  /**
   * Releases a sales order to a warehouse. ERR_CONFLICT when the sales order was released before. When the WMS's
   * answer is lost (timeout, reset connection), looks the release up before reporting a failure.
   */
  createRelease(release: OrderReleaseCreate): Promise<OrderRelease>;
  /** ERR_NOT_FOUND when there is no such release. */
  getRelease(releaseId: string): Promise<OrderRelease>;
  /** The confirmations of the release's shipments that have left the warehouse (none before the first ships). */
  listShipments(releaseId: string): Promise<ShipmentConfirmation[]>;
  /** ERR_NOT_FOUND when there is no such shipment, or it has not shipped yet. */
  getShipment(shipmentId: string): Promise<ShipmentConfirmation>;
  /** Resolves when the WMS answers and accepts the credentials; throws a GatewayError with status 503 otherwise. */
  checkHealth(): Promise<void>;
}
