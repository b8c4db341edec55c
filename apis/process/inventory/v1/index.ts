/** The inventory process API v1: its controllers, one per request, wired to the inventory service they need. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { InventoryService } from '../inventory-service';
import { AvailabilityController } from './availability-controller';
import { FeedsController } from './feeds-controller';

export function createControllers(deps: { inventory: InventoryService }): ControllerFactory[] {
  return [() => new AvailabilityController(deps.inventory), () => new FeedsController(deps.inventory)];
}
