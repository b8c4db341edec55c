/**
 * An order's shipments and invoices in the canonical model, read from the platforms through the system APIs when
 * asked (the WMS's confirmations of the order's release, the ERP's invoices of its sales order), so the partner tier
 * can show them in each channel's shape without keeping copies.
 */
import type { Invoice, Shipment } from '../../canonical/model';
import type { ErpSystemClient } from '../../system/erp/v1/client';
import type { WmsSystemClient } from '../../system/wms/v1/client';
import type { OrderRecord } from './order-store';
import { toInvoice, toShipment } from './workflow/fulfilment-steps';

export class OrderDocuments {
  constructor(
    private readonly erp: ErpSystemClient,
    private readonly wms: WmsSystemClient,
  ) {}

  /** The shipments that left the warehouse for the order, oldest first; none before it is released. */
  async shipments(record: OrderRecord): Promise<Shipment[]> {
    if (!record.wms || !record.erp) return [];
    return (await this.wms.listShipments(record.wms.releaseId)).map((confirmation) => toShipment(record, confirmation));
  }

  /** The ERP's invoices of the order, oldest first; none before it is posted and billed. */
  async invoices(record: OrderRecord): Promise<Invoice[]> {
    if (!record.erp) return [];
    return ((await this.erp.getInvoices(record.erp.salesOrderNumber)) ?? []).map((invoice) => toInvoice(record, invoice));
  }
}
