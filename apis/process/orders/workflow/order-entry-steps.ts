/**
 * The order-entry steps: validate against the ERP, price from the customer's price list, allocate against stock,
 * and post the sales order exactly once. All platform access goes through the system APIs' typed clients.
 *
 * Business failures (an unknown customer or item, a unit the item is not sold in, no stock and no backorders) reject
 * lines or the order with a reason: answers, not exceptions. Platform failures throw, and the engine retries them.
 */
import { add, compare, isPositive, isSupportedDecimal, isWhole, multiply, percentDifference } from '../../../canonical/decimal';
import type { Ident, Party } from '../../../canonical/model';
import { GatewayError } from '../../../../gateway/errors';
import type { PartnerConfig } from '../../../../gateway/config';
import type { ErpSystemClient } from '../../../system/erp/v1/client';
import type { CustomerPriceList, Item, SalesOrder } from '../../../system/erp/v1/models';
import type { ItemAvailability } from '../../inventory/v1/models';
import type { OrderRecord } from '../order-store';
import type { OrderLine } from '../v2/models';
import type { StepHandler } from './engine';
import { setStatus } from './engine';

export interface AvailabilitySource {
  availabilityOf(materials: string[]): Promise<ItemAvailability[]>;
}

export interface OrderEntryOptions {
  erp: ErpSystemClient;
  inventory: AvailabilitySource;
  /** Partner profiles by id: their fulfilment rules (backorders, ship complete). */
  partners: ReadonlyMap<string, PartnerConfig>;
  /** A partner price further than this from the ERP's (in percent of the ERP's) is flagged. */
  priceTolerancePercent: number;
  /** The ERP is a production system: test-mode orders are rejected, never posted there. */
  erpIsProduction: boolean;
  clock: () => Date;
}

const MATERIAL_SCHEMES = new Set(['ERP_MATERIAL', 'SKU', 'VENDOR_PART']);
const GTIN_SCHEMES = new Set(['GTIN', 'UPC', 'EAN']);
/** The ERP's material numbers are at most 40 characters: a longer id cannot name one. */
const MATERIAL_MAX_LENGTH = 40;

export function partyId(parties: Party[], role: Party['role'], scheme: string): string | undefined {
  return parties.find((party) => party.role === role)?.ids.find((id) => id.scheme === scheme)?.value;
}

/** GTIN-8/12/13/14 to the 13- or 14-digit form the ERP stores (UPC-A gets its leading zero). */
export function normaliseGtin(value: string): string {
  const digits = value.trim();
  if (digits.length === 12) return `0${digits}`;
  if (digits.length === 14 && digits.startsWith('0')) return digits.slice(1);
  return digits;
}

export function material(line: OrderLine): string {
  const id = line.item.ids.find((candidate) => candidate.scheme === 'ERP_MATERIAL');
  if (!id) throw new Error(`line ${line.lineNumber} has no resolved material`);
  return id.value;
}

/** Lines that still go to the ERP: accepted and backordered ones. */
export function liveLines(record: OrderRecord): OrderLine[] {
  return record.lines.filter((line) => line.status !== 'REJECTED');
}

/** Ends the workflow with a rejection; the acknowledgement step still tells the partner. */
export function rejectOrder(record: OrderRecord, reason: string, at: Date): { next: 'acknowledge'; detail: string } {
  record.reason = reason;
  setStatus(record, 'REJECTED', at.toISOString(), reason);
  return { next: 'acknowledge', detail: reason };
}

export function createOrderEntrySteps(options: OrderEntryOptions): { validate: StepHandler; price: StepHandler; allocate: StepHandler; post: StepHandler } {
  const now = () => options.clock();

  async function resolveItem(ids: Ident[]): Promise<Item | undefined> {
    for (const id of ids) {
      if (MATERIAL_SCHEMES.has(id.scheme) && id.value.length >= 1 && id.value.length <= MATERIAL_MAX_LENGTH) {
        const item = await options.erp.getItem(id.value);
        if (item) return item;
      }
    }
    for (const id of ids) {
      if (GTIN_SCHEMES.has(id.scheme) && /^\d{8,14}$/.test(id.value.trim())) {
        const [item] = await options.erp.findItemsByGtin(normaliseGtin(id.value));
        if (item) return item;
      }
    }
    return undefined;
  }

  const validate: StepHandler = async (record) => {
    if (record.purpose !== 'ORIGINAL') return rejectOrder(record, `${record.purpose} orders are not supported yet: send changes and cancellations to your account manager`, now());
    if (record.source.test && options.erpIsProduction) return rejectOrder(record, 'Test-mode orders are never posted to the production ERP', now());
    const customerNumber = partyId(record.parties, 'BUYER', 'ERP_CUSTOMER') ?? '';
    // The ERP's customer numbers have ten digits: anything else cannot be one, and asking would only be a 400 there.
    const customer = /^\d{10}$/.test(customerNumber) ? await options.erp.getCustomer(customerNumber) : undefined;
    if (!customer) return rejectOrder(record, `Customer ${customerNumber} is not known to the ERP`, now());
    const shipTo = partyId(record.parties, 'SHIP_TO', 'ERP_SHIP_TO');
    if (shipTo && !customer.shipTos.some((candidate) => candidate.partnerNumber === shipTo)) {
      return rejectOrder(record, `Ship-to ${shipTo} does not belong to customer ${customerNumber}`, now());
    }
    if (record.currency !== customer.currency) return rejectOrder(record, `Currency ${record.currency} differs from the customer's ${customer.currency}`, now());

    const items = await Promise.all(record.lines.map((line) => resolveItem(line.item.ids)));
    record.lines.forEach((line, index) => validateLine(line, items[index]));
    if (liveLines(record).length === 0) return rejectOrder(record, 'No line can be fulfilled', now());
    setStatus(record, 'VALIDATED', now().toISOString());
    return { next: 'price' };
  };

  const price: StepHandler = async (record) => {
    const lines = liveLines(record);
    const customerNumber = partyId(record.parties, 'BUYER', 'ERP_CUSTOMER')!;
    const prices = await options.erp.getCustomerPrices(customerNumber, [...new Set(lines.map(material))]);
    record.total = priceLines(lines, prices, options.priceTolerancePercent);
    setStatus(record, 'PRICED', now().toISOString());
    return { next: 'allocate' };
  };

  const allocate: StepHandler = async (record) => {
    const lines = liveLines(record);
    const availability = await options.inventory.availabilityOf([...new Set(lines.map(material))]);
    const rules = options.partners.get(record.source.partnerId)?.fulfilment ?? { backorders: true, shipComplete: false };
    const today = now().toISOString().slice(0, 10);
    const warehouse = chooseWarehouse(lines, availability);
    if (!warehouse) return rejectOrder(record, 'No warehouse stocks these items', now());
    const short: OrderLine[] = [];
    for (const line of lines) {
      const stock = availability.find((item) => item.material === material(line))?.warehouses.find((candidate) => candidate.warehouse === warehouse);
      const required = eaches(line);
      const promisable = stock?.promisable ?? '0';
      line.allocation = { warehouse, plant: stock?.plant ?? warehouse, required, promisable, ...(stock?.nextAvailableDate ? { scheduledShipDate: stock.nextAvailableDate } : {}) };
      if (compare(promisable, required) >= 0) {
        line.allocation.scheduledShipDate = today;
        line.status = 'ACCEPTED';
      } else {
        short.push(line);
      }
    }
    if (short.length > 0) {
      const shortReason = (line: OrderLine) => `${line.allocation!.promisable} of ${line.allocation!.required} EA available in ${warehouse}`;
      if (!rules.backorders && rules.shipComplete) {
        return rejectOrder(record, `The order ships complete and backorders are not accepted: ${short.map((line) => `line ${line.lineNumber}: ${shortReason(line)}`).join('; ')}`, now());
      }
      // Shipping complete means nothing leaves before everything can: every line waits with the short ones.
      for (const line of rules.shipComplete ? lines : short) {
        if (rules.backorders) {
          line.status = 'BACKORDERED';
          line.reason = short.includes(line) ? `${shortReason(line)}; the rest ships when stock arrives` : 'The order ships complete: this line waits for the backordered ones';
        } else {
          line.status = 'REJECTED';
          line.reason = `${shortReason(line)}; backorders are not accepted`;
        }
      }
      if (liveLines(record).length === 0) return rejectOrder(record, 'No line can be fulfilled from stock and backorders are not accepted', now());
      record.total = add(liveLines(record).map((line) => (line.unitPrice ? multiply(line.unitPrice.amount, line.quantity.value) : '0')));
    }
    setStatus(record, 'ALLOCATED', now().toISOString(), `Allocated to ${warehouse}`);
    return { next: 'post' };
  };

  const post: StepHandler = async (record) => {
    const lines = liveLines(record);
    const customerNumber = partyId(record.parties, 'BUYER', 'ERP_CUSTOMER')!;
    const shipTo = partyId(record.parties, 'SHIP_TO', 'ERP_SHIP_TO');
    let posted: { order: SalesOrder; existed: boolean };
    try {
      posted = await postOnce(options.erp, record, customerNumber, shipTo, lines);
    } catch (error) {
      // The ERP refused the order on business grounds (a quantity or unit it will not take): an answer, not a failure.
      if (error instanceof GatewayError && error.code === 'ERR_UNPROCESSABLE') return rejectOrder(record, `The ERP refused the order: ${error.message}`, now());
      throw error;
    }
    if (posted.existed && !matchesLines(posted.order, lines)) {
      return rejectOrder(record, `The ERP already holds sales order ${posted.order.salesOrderNumber} for purchase order ${record.orderNumber} with other lines; it was not changed`, now());
    }
    for (const line of lines) line.erpItemNumber = posted.order.lines.find((erpLine) => erpLine.lineNumber === line.lineNumber)?.itemNumber;
    record.erp = { salesOrderNumber: posted.order.salesOrderNumber, netAmount: posted.order.netAmount, alreadyPosted: posted.existed };
    setStatus(record, 'POSTED', now().toISOString(), `ERP sales order ${posted.order.salesOrderNumber}${posted.existed ? ' (already posted)' : ''}`);
    return { next: 'acknowledge' };
  };

  return { validate, price, allocate, post };
}

function validateLine(line: OrderLine, item: Item | undefined): void {
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

function priceLines(lines: OrderLine[], prices: CustomerPriceList, tolerancePercent: number): string {
  const totals: string[] = [];
  for (const line of lines) {
    const price = prices.prices.find((candidate) => candidate.material === material(line));
    if (!price) continue;
    const unitPrice = { amount: multiply(price.unitPrice.amount, line.quantity.packSize ?? '1'), currency: price.unitPrice.currency };
    line.unitPrice = unitPrice;
    totals.push(multiply(unitPrice.amount, line.quantity.value));
    if (line.partnerUnitPrice) {
      line.priceMismatch = line.partnerUnitPrice.currency !== unitPrice.currency || percentDifference(line.partnerUnitPrice.amount, unitPrice.amount) > tolerancePercent;
    }
  }
  return add(totals);
}

/** Eaches a line needs: its quantity times the ERP's pack size of its unit. */
function eaches(line: OrderLine): string {
  return multiply(line.quantity.value, line.quantity.packSize ?? '1', 0);
}

/**
 * One warehouse ships the whole order (one release, one shipment to the customer): the one that can fill the most
 * lines completely, then the one with the most stock of the order's items, then the first by id.
 */
function chooseWarehouse(lines: OrderLine[], availability: ItemAvailability[]): string | undefined {
  const scores = new Map<string, { filled: number; stock: string[] }>();
  for (const line of lines) {
    const item = availability.find((candidate) => candidate.material === material(line));
    for (const stock of item?.warehouses ?? []) {
      const score = scores.get(stock.warehouse) ?? { filled: 0, stock: [] };
      if (compare(stock.promisable, eaches(line)) >= 0) score.filled += 1;
      score.stock.push(stock.promisable);
      scores.set(stock.warehouse, score);
    }
  }
  return [...scores.entries()]
    .map(([warehouse, score]) => ({ warehouse, filled: score.filled, stock: add(score.stock, 0) }))
    .sort((a, b) => b.filled - a.filled || compare(b.stock, a.stock) || (a.warehouse < b.warehouse ? -1 : 1))[0]?.warehouse;
}

/** Exactly once: whatever failed before, an order the ERP already holds for this customer PO is not posted again. */
async function postOnce(erp: ErpSystemClient, record: OrderRecord, customerNumber: string, shipTo: string | undefined, lines: OrderLine[]): Promise<{ order: SalesOrder; existed: boolean }> {
  const [existing] = await erp.findSalesOrders(customerNumber, record.orderNumber);
  if (existing) return { order: existing, existed: true };
  try {
    const created = await erp.createSalesOrder({
      customerNumber,
      ...(shipTo ? { shipTo } : {}),
      purchaseOrderNumber: record.orderNumber,
      purchaseOrderDate: record.orderDate,
      ...(record.requestedDelivery ? { requestedDeliveryDate: record.requestedDelivery } : {}),
      lines: lines.map((line) => ({
        lineNumber: line.lineNumber,
        material: material(line),
        quantity: { value: line.quantity.value, uom: line.quantity.uom },
        ...(line.allocation ? { plant: line.allocation.plant } : {}),
      })),
    });
    return { order: created, existed: false };
  } catch (error) {
    // Someone else posted it between our lookup and our create: theirs is the one.
    if (error instanceof GatewayError && error.code === 'ERR_CONFLICT') {
      const [raced] = await erp.findSalesOrders(customerNumber, record.orderNumber);
      if (raced) return { order: raced, existed: true };
    }
    throw error;
  }
}

/** An order the ERP already holds is this one only if it has exactly these lines (number, material, quantity, unit). */
function matchesLines(existing: SalesOrder, lines: OrderLine[]): boolean {
  const key = (lineNumber: string | undefined, materialNumber: string, value: string, uom: string) => JSON.stringify([lineNumber, materialNumber, Number(value), uom]);
  const held = existing.lines.map((line) => key(line.lineNumber, line.material, line.quantity.value, line.quantity.uom)).sort();
  const sent = lines.map((line) => key(line.lineNumber, material(line), line.quantity.value, line.quantity.uom)).sort();
  return held.length === sent.length && held.every((value, index) => value === sent[index]);
}
