/** The customer orders API v2: its controllers, one per request, wired to the channel service v1 shares and to v2's own capabilities. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { CustomerChannelV2 } from '../customer-channel';
import type { CustomerOrderService } from '../customer-order-service';
import { CustomerAvailabilityV2Controller } from './availability-controller';
import { CustomerDocumentsV2Controller } from './documents-controller';
import { CustomerOrdersV2Controller } from './orders-controller';
import { CustomerWebhooksV2Controller } from './webhooks-controller';

export function createControllers(deps: { customerOrders: CustomerOrderService; customerChannel: CustomerChannelV2 }): ControllerFactory[] {
  const { views, documents, webhooks } = deps.customerChannel;
  return [
    () => new CustomerOrdersV2Controller(deps.customerOrders, views),
    () => new CustomerDocumentsV2Controller(documents),
    () => new CustomerAvailabilityV2Controller(documents),
    () => new CustomerWebhooksV2Controller(webhooks),
  ];
}
