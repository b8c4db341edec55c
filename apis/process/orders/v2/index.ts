/** The orders process API v2: its controllers, one per request, wired to the order service they need. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { OrderService } from '../order-service';
import { OrdersController } from './orders-controller';

export function createControllers(deps: { orders: OrderService }): ControllerFactory[] {
  return [() => new OrdersController(deps.orders)];
}
