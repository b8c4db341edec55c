/** Builds the WMS adapter the configuration asks for. ShipBob's REST dialect is the only one today (the sandbox speaks it too). */
import type { WmsConnection } from '../../../../gateway/config/schema';
import { createShipBobAdapter, type ShipBobAdapterOptions } from './shipbob/shipbob-adapter';
import type { WmsAdapter } from './wms-adapter';

export type { InventoryQuery, WmsAdapter } from './wms-adapter';

export function createWmsAdapter(connection: WmsConnection, dependencies: Pick<ShipBobAdapterOptions, 'instrument'> = {}): WmsAdapter {
  return createShipBobAdapter({ connection, ...dependencies });
}
