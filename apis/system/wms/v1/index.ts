/** The WMS system API v1: its controllers, one per request, wired to the WMS adapter they share. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { WmsAdapter } from '../adapters/wms-adapter';
import { InventoryController } from './inventory-controller';
import { ReleasesController } from './releases-controller';
import { ShipmentsController } from './shipments-controller';

export function createControllers(deps: { wms: WmsAdapter }): ControllerFactory[] {
  return [() => new InventoryController(deps.wms), () => new ReleasesController(deps.wms), () => new ShipmentsController(deps.wms)];
}
