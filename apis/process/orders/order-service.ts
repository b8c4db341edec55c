/**
 * Order intake and order reads for the process tier. Intake checks what the schema cannot (dates, a buyer with an
 * ERP customer number, unique line numbers), records the order durably with its first workflow step pending, and
 * publishes that step: the answer (202) comes before any platform is called, and a crash after it loses nothing
 * (the record is in the store's due index, and the sweeper publishes steps whose messages were lost).
 */
import { randomUUID } from 'node:crypto';
import { assertCalendarDates } from '../../canonical/dates';
import { GatewayError } from '../../../gateway/errors';
import { currentRequestContext } from '../../../gateway/request-context';
import type { Invoice, Shipment } from '../../canonical/model';
import type { OrderDocuments } from './order-documents';
import type { OrderRecord, OrderSearch, OrderStore } from './order-store';
import { decodeCursor } from './order-store';
import type { OrderPage, OrderStatus, OrderSubmission, ProcessOrder } from './v2/models';
import type { WorkflowEngine } from './workflow/engine';
import { partyId } from './workflow/order-entry-steps';

export interface OrderServiceOptions {
  store: OrderStore;
  engine: WorkflowEngine;
  documents: OrderDocuments;
  /** Seconds an order may stay in each status before it counts as delayed; statuses not listed are never delayed. */
  slaSeconds: Partial<Record<OrderStatus, number>>;
  clock?: () => Date;
}

/** Statuses the workflow leaves alone: nothing more happens to the order. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['INVOICED', 'REJECTED']);

export class OrderService {
  private readonly clock: () => Date;

  constructor(private readonly options: OrderServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Records the order and starts its workflow. 409 when the partner already sent this order number. */
  async submit(submission: OrderSubmission): Promise<ProcessOrder> {
    checkShape(submission);
    const record = this.receive(submission);
    const message = this.options.engine.schedule(record, 'validate');
    if (!(await this.options.store.insert(record))) {
      const existing = await this.options.store.findByOrderNumber(submission.source.partnerId, submission.orderNumber);
      throw new GatewayError('ERR_CONFLICT', `Order ${submission.orderNumber} was already submitted by partner ${submission.source.partnerId}`, {
        extensions: existing ? { orderId: existing.id } : {},
      });
    }
    await this.options.engine.publish(message);
    return this.view(record);
  }

  async get(id: string): Promise<ProcessOrder | undefined> {
    const record = await this.options.store.get(id);
    return record && this.view(record);
  }

  /** The order's shipments (ASN content), or undefined for an unknown order. */
  async shipments(id: string): Promise<Shipment[] | undefined> {
    const record = await this.options.store.get(id);
    return record && this.options.documents.shipments(record);
  }

  /** The order's invoices, or undefined for an unknown order. */
  async invoices(id: string): Promise<Invoice[] | undefined> {
    const record = await this.options.store.get(id);
    return record && this.options.documents.invoices(record);
  }

  /** The partner's order with this order number: none or one (order numbers are unique per partner). */
  async findByOrderNumber(partnerId: string, orderNumber: string): Promise<ProcessOrder[]> {
    const record = await this.options.store.findByOrderNumber(partnerId, orderNumber);
    return record ? [this.view(record)] : [];
  }

  /**
   * Orders newest first, by partner, order number, status, age and delay. `delayed` filters after the store's
   * page is read, so a page may hold fewer than `limit` orders while `nextCursor` says there are more to look at.
   */
  async search(query: OrderSearch & { delayed?: boolean }): Promise<OrderPage> {
    if (query.cursor !== undefined && !decodeCursor(query.cursor)) {
      throw new GatewayError('ERR_VALIDATION', 'The cursor is not one this API gave out', { fields: [{ name: 'query.cursor', message: 'not a cursor from a previous page' }] });
    }
    const page = await this.options.store.search(query);
    const orders = page.records.map((record) => this.view(record)).filter((order) => query.delayed === undefined || order.delayed === query.delayed);
    return page.nextCursor ? { orders, nextCursor: page.nextCursor } : { orders };
  }

  /** The record as the API shows it: without the workflow's bookkeeping, with `delayed` as of now. */
  view(record: OrderRecord): ProcessOrder {
    const { version: _version, pending: _pending, statusSince, ...order } = record;
    return { ...order, delayed: this.isDelayed(record.status, statusSince) };
  }

  private isDelayed(status: OrderStatus, since: string): boolean {
    const sla = this.options.slaSeconds[status];
    if (FINAL_STATUSES.has(status) || sla === undefined) return false;
    return this.clock().getTime() - Date.parse(since) > sla * 1000;
  }

  private receive(submission: OrderSubmission): OrderRecord {
    const now = this.clock().toISOString();
    return {
      id: `ord_${randomUUID().replaceAll('-', '')}`,
      version: 0,
      source: submission.source,
      orderNumber: submission.orderNumber,
      purpose: submission.purpose ?? 'ORIGINAL',
      orderDate: submission.orderDate,
      currency: submission.currency,
      parties: submission.parties,
      ...(submission.requestedDelivery ? { requestedDelivery: submission.requestedDelivery } : {}),
      status: 'RECEIVED',
      statusSince: now,
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
      steps: [],
      history: [{ status: 'RECEIVED', at: now }],
    };
  }
}

/** Structural rules the schema cannot express; breaking them is the caller's mistake (400). */
function checkShape(submission: OrderSubmission): void {
  assertCalendarDates([
    ['body.orderDate', submission.orderDate],
    ['body.requestedDelivery', submission.requestedDelivery],
    ...submission.lines.map((line, index) => [`body.lines.${index}.requestedShipDate`, line.requestedShipDate] as const),
  ]);
  if (!partyId(submission.parties, 'BUYER', 'ERP_CUSTOMER')) {
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
}
