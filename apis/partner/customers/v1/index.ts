/** The customer orders API v1: its controllers, one per request, wired to the channel service. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { CustomerOrderService } from '../customer-order-service';
import { CustomerOrdersController } from './orders-controller';

export function createControllers(deps: { customerOrders: CustomerOrderService }): ControllerFactory[] {
  return [() => new CustomerOrdersController(deps.customerOrders)];
}
