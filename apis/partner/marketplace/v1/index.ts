/** The marketplace channel v1: its controllers, one per request, wired to the channel service. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { MarketplaceOrderService } from '../marketplace-order-service';
import { MarketplaceOrderDocumentsController } from './order-documents-controller';
import { MarketplaceOrdersController } from './orders-controller';

export function createControllers(deps: { marketplaceOrders: MarketplaceOrderService }): ControllerFactory[] {
  return [() => new MarketplaceOrdersController(deps.marketplaceOrders), () => new MarketplaceOrderDocumentsController(deps.marketplaceOrders)];
}
