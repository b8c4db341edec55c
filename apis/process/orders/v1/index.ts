/** The orders process API v1: its controllers, wired to the order service they need. */
import type { OrderService } from '../order-service';
import { OrdersController } from './orders-controller';

export function createControllers(deps: { orders: OrderService }): object[] {
  return [new OrdersController(deps.orders)];
}
