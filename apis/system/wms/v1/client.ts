/**
 * Typed HTTP client of the WMS system API v1, for the process tier. It speaks only the v1 contract (models.ts);
 * the HTTP concerns (timeouts, retries, trace headers, error mapping) come from the client it is given.
 */
import type { AxiosInstance } from 'axios';
import { answer, answerOrUndefined, pathSegment } from '../../../../gateway/http/tier-calls';
import type { InventoryPosition, InventoryPositionPage, OrderRelease, OrderReleaseCreate, ShipmentConfirmation } from './models';

export interface WmsInventoryQuery {
  material?: string;
  warehouse?: string;
  offset?: number;
  limit?: number;
}

export interface WmsSystemClient {
  listInventory(query: WmsInventoryQuery): Promise<InventoryPositionPage>;
  /** Stock of one item in every warehouse; an unknown material is an empty list. */
  getInventory(material: string): Promise<InventoryPosition[]>;
  createRelease(release: OrderReleaseCreate): Promise<OrderRelease>;
  /** A release by its id, or by the sales order number it releases; undefined when there is none. */
  getRelease(releaseId: string): Promise<OrderRelease | undefined>;
  listShipments(releaseId: string): Promise<ShipmentConfirmation[]>;
}

export function createWmsSystemClient(http: AxiosInstance): WmsSystemClient {
  const segment = pathSegment;
  return {
    listInventory: (query) => answer(http.get<InventoryPositionPage>('/inventory', { params: query })),
    getInventory: async (material) => (await answerOrUndefined(http.get<InventoryPosition[]>(`/inventory/${segment(material)}`))) ?? [],
    createRelease: (release) => answer(http.post<OrderRelease>('/releases', release)),
    getRelease: (releaseId) => answerOrUndefined(http.get<OrderRelease>(`/releases/${segment(releaseId)}`)),
    listShipments: (releaseId) => answer(http.get<ShipmentConfirmation[]>(`/releases/${segment(releaseId)}/shipments`)),
  };
}
