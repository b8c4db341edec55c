/**
 * Order intake for the process tier: validate a canonical order against the ERP (customer, ship-to, items, units),
 * price it from the customer's price list, and post it to the ERP exactly once, all through the ERP system API.
 *
 * Business failures (unknown customer or item, bad unit) reject lines or the order with a reason; they are
 * answers, not exceptions. Platform failures propagate as 502/503/504 and leave nothing behind, so the caller
 * can resubmit: exactly-once is kept by looking the ERP up by customer PO number before every post.
 */
import { randomUUID } from 'node:crypto';
import { add, isPositive, isSupportedDecimal, isWhole, multiply, percentDifference } from '../../canonical/decimal';
import type { Ident, Party } from '../../canonical/model';
import { assertCalendarDates } from '../../canonical/dates';
import { GatewayError } from '../../../gateway/errors';
import { currentRequestContext } from '../../../gateway/request-context';
import type { ErpSystemClient } from '../../system/erp/v1/client';
import type { Customer, CustomerPriceList, Item, SalesOrder } from '../../system/erp/v1/models';
import type { OrderStore } from './order-store';
import type { OrderSubmission, ProcessOrder, ProcessOrderLine, ProcessOrderStatus } from './v1/models';

export interface OrderServiceOptions {
  erp: ErpSystemClient;
  store: OrderStore;
  /** A partner price further than this from the ERP's (in percent of the ERP's) is flagged. */
  priceTolerancePercent: number;
  /** The ERP is a production system: test-mode orders (ISA15=T, sandbox keys) are rejected, never posted there. */
  erpIsProduction?: boolean;
  clock?: () => Date;
}

const MATERIAL_SCHEMES = new Set(['ERP_MATERIAL', 'SKU', 'VENDOR_PART']);
const GTIN_SCHEMES = new Set(['GTIN', 'UPC', 'EAN']);
/** The ERP's material numbers are at most 40 characters: a longer id cannot name one. */
const MATERIAL_MAX_LENGTH = 40;

function partyId(parties: Party[], role: Party['role'], scheme: string): string | undefined {
  return parties.find((party) => party.role === role)?.ids.find((id) => id.scheme === scheme)?.value;
}

/** GTIN-8/12/13/14 to the 13- or 14-digit form the ERP stores (UPC-A gets its leading zero). */
export function normaliseGtin(value: string): string {
  const digits = value.trim();
  if (digits.length === 12) return `0${digits}`;
  if (digits.length === 14 && digits.startsWith('0')) return digits.slice(1);
  return digits;
}

export class OrderService {
  private readonly erp: ErpSystemClient;
  private readonly store: OrderStore;
  private readonly tolerance: number;
  private readonly clock: () => Date;
  private readonly erpIsProduction: boolean;

  constructor(options: OrderServiceOptions) {
    this.erpIsProduction = options.erpIsProduction ?? false;
    this.erp = options.erp;
    this.store = options.store;
    this.tolerance = options.priceTolerancePercent;
    this.clock = options.clock ?? (() => new Date());
  }

  async get(id: string): Promise<ProcessOrder | undefined> {
    return this.store.get(id);
  }

  /** The partner's order with this order number: none or one (order numbers are unique per partner). */
  async findByOrderNumber(partnerId: string, orderNumber: string): Promise<ProcessOrder[]> {
    const order = await this.store.findByOrderNumber(partnerId, orderNumber);
    return order ? [order] : [];
  }

  async submit(submission: OrderSubmission): Promise<ProcessOrder> {
    const customerNumber = this.checkShape(submission);
    const order = this.receive(submission);
    if (!(await this.store.insert(order))) {
      const existing = await this.store.findByOrderNumber(submission.source.partnerId, submission.orderNumber);
      throw new GatewayError('ERR_CONFLICT', `Order ${submission.orderNumber} was already submitted by partner ${submission.source.partnerId}`, {
        extensions: existing ? { orderId: existing.id } : {},
      });
    }
    try {
      await this.process(order, customerNumber, submission);
    } catch (error) {
      // Nothing was accepted: forget the record so the caller can resubmit once the platform is back.
      await this.store.remove(order.id);
      throw error;
    }
    await this.store.update(order);
    return order;
  }

  /** Structural rules the schema cannot express; breaking them is the caller's mistake (400). */
  private checkShape(submission: OrderSubmission): string {
    assertCalendarDates([
      ['body.orderDate', submission.orderDate],
      ['body.requestedDelivery', submission.requestedDelivery],
      ...submission.lines.map((line, index) => [`body.lines.${index}.requestedShipDate`, line.requestedShipDate] as const),
    ]);
    const customerNumber = partyId(submission.parties, 'BUYER', 'ERP_CUSTOMER');
    if (!customerNumber) {
      throw new GatewayError('ERR_VALIDATION', 'The order needs a BUYER party with an ERP_CUSTOMER id', {
        fields: [{ name: 'body.parties', message: 'a BUYER party with an ERP_CUSTOMER id is required' }],
      });
    }
    const seen = new Set<string>();
    submission.lines.forEach((line, index) => {
      if (seen.has(line.lineNumber)) {
        throw new GatewayError('ERR_VALIDATION', `Line number ${line.lineNumber} appears twice`, {
          fields: [{ name: `body.lines.${index}.lineNumber`, message: 'line numbers must be unique', value: line.lineNumber }],
        });
      }
      seen.add(line.lineNumber);
    });
    return customerNumber;
  }

  private receive(submission: OrderSubmission): ProcessOrder {
    const now = this.clock().toISOString();
    return {
      id: `ord_${randomUUID().replaceAll('-', '')}`,
      source: submission.source,
      orderNumber: submission.orderNumber,
      purpose: submission.purpose ?? 'ORIGINAL',
      orderDate: submission.orderDate,
      currency: submission.currency,
      parties: submission.parties,
      ...(submission.requestedDelivery ? { requestedDelivery: submission.requestedDelivery } : {}),
      status: 'RECEIVED',
      lines: submission.lines.map((line) => ({
        lineNumber: line.lineNumber,
        item: { ...line.item, ids: [...line.item.ids] },
        quantity: line.quantity,
        status: 'ACCEPTED',
        ...(line.unitPrice ? { partnerUnitPrice: line.unitPrice } : {}),
      })),
      correlationId: currentRequestContext()?.correlationId ?? randomUUID(),
      receivedAt: now,
      updatedAt: now,
      history: [{ status: 'RECEIVED', at: now }],
    };
  }

  private advance(order: ProcessOrder, status: ProcessOrderStatus, detail?: string): void {
    const at = this.clock().toISOString();
    order.status = status;
    order.updatedAt = at;
    order.history.push({ status, at, ...(detail ? { detail } : {}) });
  }

  private reject(order: ProcessOrder, reason: string): void {
    order.reason = reason;
    this.advance(order, 'REJECTED', reason);
  }

  private async process(order: ProcessOrder, customerNumber: string, submission: OrderSubmission): Promise<void> {
    if (order.purpose !== 'ORIGINAL') return this.reject(order, `${order.purpose} orders are not supported yet: send changes and cancellations to your account manager`);
    if (submission.source.test && this.erpIsProduction) return this.reject(order, 'Test-mode orders are never posted to the production ERP');
    // The ERP's customer numbers have ten digits: anything else cannot be one, and asking would only be a 400 there.
    const customer = /^\d{10}$/.test(customerNumber) ? await this.erp.getCustomer(customerNumber) : undefined;
    if (!customer) return this.reject(order, `Customer ${customerNumber} is not known to the ERP`);
    const shipTo = partyId(submission.parties, 'SHIP_TO', 'ERP_SHIP_TO');
    if (shipTo && !customer.shipTos.some((candidate) => candidate.partnerNumber === shipTo)) {
      return this.reject(order, `Ship-to ${shipTo} does not belong to customer ${customerNumber}`);
    }
    if (submission.currency !== customer.currency) {
      return this.reject(order, `Currency ${submission.currency} differs from the customer's ${customer.currency}`);
    }

    const items = await Promise.all(order.lines.map((line) => this.resolveItem(line.item.ids)));
    order.lines.forEach((line, index) => this.validateLine(line, items[index]));
    const accepted = order.lines.filter((line) => line.status === 'ACCEPTED');
    if (accepted.length === 0) return this.reject(order, 'No line can be fulfilled');
    this.advance(order, 'VALIDATED');

    const prices = await this.erp.getCustomerPrices(customer.customerNumber, accepted.map((line) => material(line)));
    this.price(order, accepted, prices);
    this.advance(order, 'PRICED');

    let salesOrder: { order: SalesOrder; existed: boolean };
    try {
      salesOrder = await this.post(order, customer, shipTo, accepted);
    } catch (error) {
      // The ERP refused the order on business grounds (a quantity or unit it will not take): an answer, not a failure.
      if (error instanceof GatewayError && error.code === 'ERR_UNPROCESSABLE') return this.reject(order, `The ERP refused the order: ${error.message}`);
      throw error;
    }
    if (salesOrder.existed && !matchesLines(salesOrder.order, accepted)) {
      return this.reject(
        order,
        `The ERP already holds sales order ${salesOrder.order.salesOrderNumber} for purchase order ${order.orderNumber} with other lines; it was not changed`,
      );
    }
    for (const line of accepted) {
      line.erpItemNumber = salesOrder.order.lines.find((erpLine) => erpLine.lineNumber === line.lineNumber)?.itemNumber;
    }
    order.erp = { salesOrderNumber: salesOrder.order.salesOrderNumber, netAmount: salesOrder.order.netAmount, alreadyPosted: salesOrder.existed };
    this.advance(order, 'POSTED', `ERP sales order ${salesOrder.order.salesOrderNumber}${salesOrder.existed ? ' (already posted)' : ''}`);
  }

  private async resolveItem(ids: Ident[]): Promise<Item | undefined> {
    for (const id of ids) {
      if (MATERIAL_SCHEMES.has(id.scheme) && id.value.length >= 1 && id.value.length <= MATERIAL_MAX_LENGTH) {
        const item = await this.erp.getItem(id.value);
        if (item) return item;
      }
    }
    for (const id of ids) {
      if (GTIN_SCHEMES.has(id.scheme) && /^\d{8,14}$/.test(id.value.trim())) {
        const [item] = await this.erp.findItemsByGtin(normaliseGtin(id.value));
        if (item) return item;
      }
    }
    return undefined;
  }

  private validateLine(line: ProcessOrderLine, item: Item | undefined): void {
    const refuse = (reason: string): void => {
      line.status = 'REJECTED';
      line.reason = reason;
    };
    if (!item) return refuse(`Item ${line.item.ids.map((id) => `${id.scheme} ${id.value}`).join(', ')} is not known to the ERP`);
    // The ERP's material number is the resolution; a stale one the partner sent is replaced, never trusted.
    line.item.ids = [...line.item.ids.filter((id) => id.scheme !== 'ERP_MATERIAL'), { scheme: 'ERP_MATERIAL', value: item.material }];
    line.item.description ??= item.description;
    for (const [what, value] of [['Quantity', line.quantity.value], ['Pack size', line.quantity.packSize], ['Unit price', line.partnerUnitPrice?.amount]] as const) {
      if (value !== undefined && !isSupportedDecimal(value)) return refuse(`${what} ${value} has more than 6 decimal places`);
    }
    if (!isPositive(line.quantity.value)) return refuse('Quantity must be positive');
    const unit = item.units.find((candidate) => candidate.uom === line.quantity.uom);
    if (!unit) return refuse(`Item ${item.material} cannot be ordered in ${line.quantity.uom}; units: ${item.units.map((u) => u.uom).join(', ')}`);
    if (!isWhole(line.quantity.value)) return refuse(`Quantity ${line.quantity.value} ${unit.uom} is not a whole number`);
    if (line.quantity.packSize !== undefined && percentDifference(line.quantity.packSize, unit.packSize) !== 0) {
      return refuse(`Pack size ${line.quantity.packSize} differs from the ERP's ${unit.packSize} per ${unit.uom}`);
    }
    line.quantity = { ...line.quantity, packSize: unit.packSize };
  }

  private price(order: ProcessOrder, lines: ProcessOrderLine[], prices: CustomerPriceList): void {
    const totals: string[] = [];
    for (const line of lines) {
      const price = prices.prices.find((candidate) => candidate.material === material(line));
      if (!price) continue;
      const unitPrice = { amount: multiply(price.unitPrice.amount, line.quantity.packSize ?? '1'), currency: price.unitPrice.currency };
      line.unitPrice = unitPrice;
      totals.push(multiply(unitPrice.amount, line.quantity.value));
      if (line.partnerUnitPrice) {
        line.priceMismatch =
          line.partnerUnitPrice.currency !== unitPrice.currency || percentDifference(line.partnerUnitPrice.amount, unitPrice.amount) > this.tolerance;
      }
    }
    order.total = add(totals);
  }

  /** Exactly once: whatever failed before, an order the ERP already holds for this customer PO is not posted again. */
  private async post(order: ProcessOrder, customer: Customer, shipTo: string | undefined, lines: ProcessOrderLine[]): Promise<{ order: SalesOrder; existed: boolean }> {
    const [existing] = await this.erp.findSalesOrders(customer.customerNumber, order.orderNumber);
    if (existing) return { order: existing, existed: true };
    try {
      const created = await this.erp.createSalesOrder({
        customerNumber: customer.customerNumber,
        ...(shipTo ? { shipTo } : {}),
        purchaseOrderNumber: order.orderNumber,
        purchaseOrderDate: order.orderDate,
        ...(order.requestedDelivery ? { requestedDeliveryDate: order.requestedDelivery } : {}),
        lines: lines.map((line) => ({ lineNumber: line.lineNumber, material: material(line), quantity: { value: line.quantity.value, uom: line.quantity.uom } })),
      });
      return { order: created, existed: false };
    } catch (error) {
      // Someone else (a concurrent replay) posted it between our lookup and our create: theirs is the one.
      if (error instanceof GatewayError && error.code === 'ERR_CONFLICT') {
        const [raced] = await this.erp.findSalesOrders(customer.customerNumber, order.orderNumber);
        if (raced) return { order: raced, existed: true };
      }
      throw error;
    }
  }
}

/** An order the ERP already holds is this one only if it has exactly these lines (number, material, quantity, unit). */
function matchesLines(existing: SalesOrder, lines: ProcessOrderLine[]): boolean {
  const key = (lineNumber: string | undefined, materialNumber: string, value: string, uom: string) => JSON.stringify([lineNumber, materialNumber, Number(value), uom]);
  const held = existing.lines.map((line) => key(line.lineNumber, line.material, line.quantity.value, line.quantity.uom)).sort();
  const sent = lines.map((line) => key(line.lineNumber, material(line), line.quantity.value, line.quantity.uom)).sort();
  return held.length === sent.length && held.every((value, index) => value === sent[index]);
}

function material(line: ProcessOrderLine): string {
  const id = line.item.ids.find((candidate) => candidate.scheme === 'ERP_MATERIAL');
  if (!id) throw new Error(`line ${line.lineNumber} has no resolved material`);
  return id.value;
}
