/**
 * The fulfilment steps: acknowledge the order to the partner, release it to the warehouse, follow its shipments,
 * then tell the ERP the goods left (goods issue) and wait for the ERP's billing run to invoice it. Each document the
 * partner needs (acknowledgement, shipment, invoice) becomes an event on the bus for the partner tier.
 *
 * The WMS and the ERP work at their own pace: `ship` and `invoice` ask again after the polling interval until the
 * warehouse has shipped and the ERP has billed. Each platform write is looked up before it is made (a release by
 * sales order number, a delivery by the ERP's own idempotency), so a step that runs twice changes nothing twice.
 */
import { add, divide, trimDecimal } from '../../../canonical/decimal';
import type { Invoice, Shipment } from '../../../canonical/model';
import { GatewayError } from '../../../../gateway/errors';
import type { ErpSystemClient } from '../../../system/erp/v1/client';
import type { Invoice as ErpInvoice } from '../../../system/erp/v1/models';
import type { WmsSystemClient } from '../../../system/wms/v1/client';
import type { OrderRelease, ShipmentConfirmation } from '../../../system/wms/v1/models';
import type { OrderRecord } from '../order-store';
import type { AckLine, OrderAcknowledgement, OrderLine } from '../v2/models';
import type { StepHandler } from './engine';
import { setStatus } from './engine';
import { liveLines, partyId } from './order-entry-steps';
import type { OrderEvents } from './order-events';

export interface FulfilmentOptions {
  erp: ErpSystemClient;
  wms: WmsSystemClient;
  events: OrderEvents;
  /** How long `ship` and `invoice` wait before asking the WMS or the ERP again. */
  pollIntervalMs: number;
  clock: () => Date;
}

export function acknowledgementOf(record: OrderRecord, ackDate: string): OrderAcknowledgement {
  const rejected = record.status === 'REJECTED';
  const lines: AckLine[] = record.lines.map((line) => ({
    lineNumber: line.lineNumber,
    status: rejected ? 'REJECTED' : line.status,
    quantity: line.quantity,
    ...(line.unitPrice && !rejected ? { unitPrice: line.unitPrice } : {}),
    ...(line.allocation?.scheduledShipDate && !rejected ? { scheduledShipDate: line.allocation.scheduledShipDate } : {}),
    ...((line.reason ?? (rejected ? record.reason : undefined)) ? { reason: line.reason ?? record.reason! } : {}),
  }));
  const changed = lines.some((line) => line.status !== 'ACCEPTED') || record.lines.some((line) => line.priceMismatch);
  return { orderId: record.id, orderNumber: record.orderNumber, ackDate, type: rejected ? 'REJECT' : changed ? 'ACCEPT_WITH_CHANGES' : 'ACCEPT', lines };
}

export function createFulfilmentSteps(options: FulfilmentOptions): { acknowledge: StepHandler; release: StepHandler; ship: StepHandler; invoice: StepHandler } {
  const now = () => options.clock();

  const acknowledge: StepHandler = async (record) => {
    const at = now();
    record.acknowledgement = acknowledgementOf(record, at.toISOString().slice(0, 10));
    await options.events.acknowledged(record, record.acknowledgement, at);
    if (record.status === 'REJECTED') return { detail: 'Rejection sent to the partner' };
    setStatus(record, 'ACKNOWLEDGED', at.toISOString(), `Acknowledged as ${record.acknowledgement.type}`);
    return { next: 'release' };
  };

  const release: StepHandler = async (record) => {
    const salesOrderNumber = record.erp!.salesOrderNumber;
    const released = (await options.wms.getRelease(salesOrderNumber)) ?? (await createRelease(record, salesOrderNumber));
    record.wms = { releaseId: released.releaseId, warehouse: released.warehouse ?? liveLines(record)[0]!.allocation!.warehouse, shipmentIds: [] };
    setStatus(record, 'RELEASED', now().toISOString(), `WMS release ${released.releaseId}`);
    return { next: 'ship' };
  };

  async function createRelease(record: OrderRecord, salesOrderNumber: string): Promise<OrderRelease> {
    const customerNumber = partyId(record.parties, 'BUYER', 'ERP_CUSTOMER')!;
    const customer = await options.erp.getCustomer(customerNumber);
    if (!customer) throw new GatewayError('ERR_NOT_FOUND', `Customer ${customerNumber} is no longer known to the ERP`);
    const shipToNumber = partyId(record.parties, 'SHIP_TO', 'ERP_SHIP_TO');
    const shipTo = customer.shipTos.find((candidate) => candidate.partnerNumber === shipToNumber);
    const address = shipTo?.address ?? customer.address;
    const lines = liveLines(record);
    const shipDates = lines.map((line) => line.allocation?.scheduledShipDate).filter((date): date is string => date !== undefined).sort();
    try {
      return await options.wms.createRelease({
        salesOrderNumber,
        customerPurchaseOrderNumber: record.orderNumber,
        shipTo: { name: shipTo?.name ?? customer.name, lines: address.lines, city: address.city ?? '', country: address.country, ...(address.region ? { region: address.region } : {}), ...(address.postalCode ? { postalCode: address.postalCode } : {}) },
        warehouse: lines[0]!.allocation!.warehouse,
        ...(shipDates[0] ? { requestedShipDate: shipDates[0] } : {}),
        lines: lines.map((line) => ({ lineNumber: line.lineNumber, material: erpMaterial(line), quantity: line.quantity })),
      });
    } catch (error) {
      // Released meanwhile (a retry after a lost answer): the release that exists is this order's.
      if (error instanceof GatewayError && error.code === 'ERR_CONFLICT') {
        const existing = await options.wms.getRelease(salesOrderNumber);
        if (existing) return existing;
      }
      throw error;
    }
  }

  const ship: StepHandler = async (record) => {
    const wms = record.wms!;
    const [releaseState, confirmations] = await Promise.all([options.wms.getRelease(wms.releaseId), options.wms.listShipments(wms.releaseId)]);
    if (!releaseState) throw new GatewayError('ERR_NOT_FOUND', `The WMS no longer knows release ${wms.releaseId}`);
    const at = now();
    for (const confirmation of confirmations.filter((candidate) => !wms.shipmentIds.includes(candidate.shipmentId))) {
      await options.events.shipped(record, toShipment(record, confirmation), at);
      wms.shipmentIds.push(confirmation.shipmentId);
      addShipped(record, confirmation);
    }
    if (releaseState.status === 'SHIPPED') {
      setStatus(record, 'SHIPPED', at.toISOString(), `Shipped: ${wms.shipmentIds.join(', ')}`);
      return { next: 'invoice', detail: `Shipments ${wms.shipmentIds.join(', ')}` };
    }
    if (wms.shipmentIds.length > 0 && record.status !== 'PARTIALLY_SHIPPED') setStatus(record, 'PARTIALLY_SHIPPED', at.toISOString(), `Shipped so far: ${wms.shipmentIds.join(', ')}`);
    return { waitMs: options.pollIntervalMs, detail: `Release ${wms.releaseId} is ${releaseState.status}` };
  };

  const invoice: StepHandler = async (record) => {
    const erp = record.erp!;
    if (!erp.deliveryNumber) {
      const goodsIssue = await options.erp.postGoodsIssue(erp.salesOrderNumber, { shipmentIds: record.wms!.shipmentIds.slice(0, 50) });
      erp.deliveryNumber = goodsIssue.deliveryNumber;
    }
    const invoices = await options.erp.getInvoices(erp.salesOrderNumber);
    if (!invoices) throw new GatewayError('ERR_NOT_FOUND', `The ERP no longer knows sales order ${erp.salesOrderNumber}`);
    if (invoices.length === 0) return { waitMs: options.pollIntervalMs, detail: `Goods issued with delivery ${erp.deliveryNumber}; waiting for the ERP's billing run` };
    const at = now();
    for (const erpInvoice of invoices.filter((candidate) => !(erp.invoiceNumbers ?? []).includes(candidate.invoiceNumber))) {
      await options.events.invoiced(record, toInvoice(record, erpInvoice), at);
      erp.invoiceNumbers = [...(erp.invoiceNumbers ?? []), erpInvoice.invoiceNumber];
    }
    setStatus(record, 'INVOICED', at.toISOString(), `Invoiced: ${erp.invoiceNumbers!.join(', ')}`);
    return { detail: `Invoice ${erp.invoiceNumbers!.join(', ')}` };
  };

  return { acknowledge, release, ship, invoice };
}

function erpMaterial(line: OrderLine): string {
  return line.item.ids.find((id) => id.scheme === 'ERP_MATERIAL')!.value;
}

function addShipped(record: OrderRecord, confirmation: ShipmentConfirmation): void {
  for (const unit of confirmation.handlingUnits) {
    for (const content of unit.contents) {
      const line = record.lines.find((candidate) => candidate.lineNumber === content.lineNumber);
      if (!line) continue;
      // The WMS counts what it packed in the ordered unit when it can, else in eaches.
      const inOrderedUnits = content.quantity.uom === line.quantity.uom ? content.quantity.value : divide(content.quantity.value, line.quantity.packSize ?? '1');
      line.shippedQuantity = trimDecimal(add([line.shippedQuantity ?? '0', inOrderedUnits], 6));
    }
  }
}

export function toShipment(record: OrderRecord, confirmation: ShipmentConfirmation): Shipment {
  const itemOf = (lineNumber: string) => record.lines.find((line) => line.lineNumber === lineNumber)?.item ?? { ids: [] };
  return {
    shipmentNumber: confirmation.shipmentId,
    shipDate: confirmation.shipDate,
    shippedAt: confirmation.shippedAt,
    shipFrom: confirmation.warehouse,
    carrier: confirmation.carrier,
    orderNumber: record.orderNumber,
    salesOrderNumber: record.erp!.salesOrderNumber,
    handlingUnits: confirmation.handlingUnits.map((unit) => ({
      type: unit.type,
      ...(unit.sscc ? { sscc: unit.sscc } : {}),
      ...(unit.parentSscc ? { parentSscc: unit.parentSscc } : {}),
      ...(unit.trackingNumber ? { trackingNumber: unit.trackingNumber } : {}),
      ...(unit.weightKg ? { weightKg: unit.weightKg } : {}),
      contents: unit.contents.map((content) => ({ orderNumber: record.orderNumber, lineNumber: content.lineNumber, item: itemOf(content.lineNumber), quantity: content.quantity })),
    })),
  };
}

export function toInvoice(record: OrderRecord, invoice: ErpInvoice): Invoice {
  return {
    invoiceNumber: invoice.invoiceNumber,
    invoiceDate: invoice.invoiceDate,
    orderNumber: record.orderNumber,
    salesOrderNumber: invoice.salesOrderNumber,
    shipmentNumbers: record.wms?.shipmentIds ?? [],
    parties: record.parties,
    currency: invoice.totalAmount.currency,
    ...(invoice.paymentTerms ? { terms: invoice.paymentTerms } : {}),
    lines: invoice.lines.map((erpLine) => {
      // The ERP bills its own item numbers; the partner reads its own line numbers back.
      const line = record.lines.find((candidate) => candidate.erpItemNumber === erpLine.salesOrderItem);
      return {
        lineNumber: line?.lineNumber ?? erpLine.salesOrderItem,
        item: line?.item ?? { ids: [{ scheme: 'ERP_MATERIAL', value: erpLine.material }] },
        quantity: erpLine.quantity,
        unitPrice: line?.unitPrice ?? erpLine.netAmount,
        amount: erpLine.netAmount,
      };
    }),
    totals: { subtotal: invoice.netAmount, tax: invoice.taxAmount, total: invoice.totalAmount },
  };
}
