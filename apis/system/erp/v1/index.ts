/** The ERP system API v1: its controllers, one per request, wired to the ERP adapter they share. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { ErpAdapter } from '../adapters/erp-adapter';
import { CustomersController } from './customers-controller';
import { ItemsController } from './items-controller';
import { SalesOrdersController } from './sales-orders-controller';

export function createControllers(deps: { erp: ErpAdapter }): ControllerFactory[] {
  return [() => new CustomersController(deps.erp), () => new ItemsController(deps.erp), () => new SalesOrdersController(deps.erp)];
}
