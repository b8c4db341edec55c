/**
 * The customer channel's documents for v2: an order's shipping notices and invoices and items' availability, read
 * from the process tier through its typed clients and shown through the partner's view (partner-views.ts). Another
 * partner's order is a 404, like a missing one (CustomerOrderService.ownOrder).
 */
import type { CallerRef } from '../../../gateway/auth/caller';
import { GatewayError, type FieldError } from '../../../gateway/errors';
import type { InventoryProcessClient } from '../../process/inventory/v1/client';
import type { OrdersProcessClient } from '../../process/orders/v2/client';
import type { CustomerOrderService } from './customer-order-service';
import type { PartnerViews } from './partner-views';
import type { AvailabilityList, InvoiceList, ShipmentList } from './v2/document-models';

/** Most SKUs one availability request may name. */
export const MAX_AVAILABILITY_SKUS = 50;
const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export interface CustomerDocumentServiceOptions {
  orders: OrdersProcessClient;
  inventory: InventoryProcessClient;
  customerOrders: CustomerOrderService;
  views: PartnerViews;
}

export class CustomerDocumentService {
  constructor(private readonly options: CustomerDocumentServiceOptions) {}

  async shipments(orderId: string, caller: CallerRef): Promise<ShipmentList> {
    const order = await this.options.customerOrders.ownOrder(orderId, caller);
    const view = this.options.views.for(order.source.partnerId);
    const shipments = (await this.options.orders.listShipments(order.id)) ?? [];
    return { shipments: shipments.map((shipment) => view.shipment(shipment, order)) };
  }

  async invoices(orderId: string, caller: CallerRef): Promise<InvoiceList> {
    const order = await this.options.customerOrders.ownOrder(orderId, caller);
    const view = this.options.views.for(order.source.partnerId);
    const invoices = (await this.options.orders.listInvoices(order.id)) ?? [];
    return { invoices: invoices.map((invoice) => view.invoice(invoice, order)) };
  }

  /** 1 to 50 SKUs (repeats asked once), in the order asked. */
  async availability(skus: readonly string[], caller: CallerRef): Promise<AvailabilityList> {
    const partner = this.options.customerOrders.partnerOf(caller);
    const fields: FieldError[] = [];
    if (skus.length < 1 || skus.length > MAX_AVAILABILITY_SKUS) fields.push({ name: 'sku', message: `give 1 to ${MAX_AVAILABILITY_SKUS} SKUs`, value: skus.length });
    skus.forEach((sku, index) => {
      if (!SKU_PATTERN.test(sku)) fields.push({ name: `sku.${index}`, message: 'not a SKU', value: sku });
    });
    if (fields.length > 0) throw new GatewayError('ERR_VALIDATION', `Invalid request: ${fields.map((field) => field.name).join(', ')}`, { fields });
    const unique = [...new Set(skus)];
    const found = await this.options.inventory.listAvailability(unique);
    return this.options.views.for(partner.id).availability(unique, found);
  }
}
