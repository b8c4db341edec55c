/** The customer orders API v1: its controllers, wired to the channel service. */
import type { CustomerOrderService } from '../customer-order-service';
import { CustomerOrdersController } from './orders-controller';

export function createControllers(deps: { customerOrders: CustomerOrderService }): object[] {
  return [new CustomerOrdersController(deps.customerOrders)];
}
