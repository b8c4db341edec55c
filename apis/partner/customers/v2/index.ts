/** The customer orders API v2: its controllers, one per request, wired to the channel service v1 shares. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { CustomerOrderService } from '../customer-order-service';
import { CustomerOrdersV2Controller } from './orders-controller';

export function createControllers(deps: { customerOrders: CustomerOrderService }): ControllerFactory[] {
  return [() => new CustomerOrdersV2Controller(deps.customerOrders)];
}
