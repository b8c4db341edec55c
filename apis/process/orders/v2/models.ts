/**
 * The orders process API's v2 contract: the asynchronous order-to-cash workflow. A canonical order in (the same
 * submission as v1), 202 at once, then the order's record as it moves through every step: validated, priced,
 * allocated, posted to the ERP, acknowledged, released to the WMS, shipped and invoiced.
 * Named DTOs only (tsoa mangles generic and Omit-derived schema names and lets extras through intersections).
 */
import type { Decimal, IsoDate, IsoDateTime, Money, OrderPurpose, Party, Qty } from '../../../canonical/model';

export type { Invoice, Shipment } from '../../../canonical/model';
import type { OrderItemSubmission, OrderSource } from '../v1/models';

export type { OrderSubmission, OrderSource, OrderLineSubmission, OrderItemSubmission, ChannelDocument } from '../v1/models';

/**
 * Where an order stands. RECEIVED → VALIDATED → PRICED → ALLOCATED → POSTED → ACKNOWLEDGED → RELEASED →
 * (PARTIALLY_SHIPPED →) SHIPPED → INVOICED. REJECTED ends it (see `reason`); EXCEPTION means a step failed past its
 * retries and waits in the exceptions queue for a replay.
 */
export type OrderStatus =
  | 'RECEIVED'
  | 'VALIDATED'
  | 'PRICED'
  | 'ALLOCATED'
  | 'POSTED'
  | 'ACKNOWLEDGED'
  | 'RELEASED'
  | 'PARTIALLY_SHIPPED'
  | 'SHIPPED'
  | 'INVOICED'
  | 'REJECTED'
  | 'EXCEPTION';

/** The workflow's steps, in order. Each one moves the order to the status of the same meaning. */
export type WorkflowStep = 'validate' | 'price' | 'allocate' | 'post' | 'acknowledge' | 'release' | 'ship' | 'invoice';

/**
 * A line's outcome: ACCEPTED lines ship from stock, BACKORDERED ones are posted and ship when stock arrives,
 * REJECTED ones go nowhere (see `reason`).
 */
export type LineStatus = 'ACCEPTED' | 'BACKORDERED' | 'REJECTED';

/** Where a line's goods come from, as allocation decided. */
export interface LineAllocation {
  /** The warehouse that ships the line. */
  warehouse: string;
  /** The ERP plant the line is posted from (the warehouse's plant). */
  plant: string;
  /** Eaches the line needs. */
  required: Decimal;
  /** Eaches the warehouse could promise when the order was allocated (the smaller of WMS stock and ERP ATP). */
  promisable: Decimal;
  /** When the line is scheduled to ship: today when in stock, else the ERP's next availability, when it has one. */
  scheduledShipDate?: IsoDate;
}

/** One line of an order's record. */
export interface OrderLine {
  /** The partner's line number, verbatim: acknowledgements, ASNs and invoices echo it. */
  lineNumber: string;
  /** The item as sent, plus the ERP_MATERIAL it resolved to. */
  item: OrderItemSubmission;
  /** The quantity as sent, with the ERP's pack size once the unit is checked. */
  quantity: Qty;
  /** The line's outcome so far. */
  status: LineStatus;
  /** Why a line was rejected or backordered. */
  reason?: string;
  /** The ERP's net price per ordered unit. */
  unitPrice?: Money;
  /** The price the partner sent, when it sent one. */
  partnerUnitPrice?: Money;
  /** True when the partner's price differs from the ERP's by more than the configured tolerance. */
  priceMismatch?: boolean;
  /** Where the line ships from. */
  allocation?: LineAllocation;
  /** The ERP's item number of this line once posted. */
  erpItemNumber?: string;
  /** Quantity shipped so far, in the ordered unit. */
  shippedQuantity?: Decimal;
}

/** What happened to a step: DONE, WAITING (scheduled, retrying or polling), or FAILED (see the exception). */
export type StepState = 'DONE' | 'WAITING' | 'FAILED';

/** One step of the workflow as it ran. */
export interface StepRecord {
  /** The workflow step. */
  step: WorkflowStep;
  /** DONE, WAITING (scheduled, retrying or polling the WMS or the ERP) or FAILED (the order is in the exceptions queue). */
  state: StepState;
  /** When the step first started. */
  startedAt: IsoDateTime;
  /** When the step last changed. */
  updatedAt: IsoDateTime;
  /** Attempts that failed on a transient error (timeouts, platform down, circuit open). */
  failedAttempts: number;
  /** The last error, for a person to read. */
  lastError?: string;
  /** What the step did, for a person to read. */
  detail?: string;
}

/** One status the order reached, with its time: the order's event log. */
export interface OrderHistoryEntry {
  /** The status the order reached. */
  status: OrderStatus;
  /** When it reached it. */
  at: IsoDateTime;
  /** What happened, for a person to read (the reason of a rejection or an exception). */
  detail?: string;
}

/** The ERP's side of the order. */
export interface ErpDocuments {
  /** The ERP's sales order number. */
  salesOrderNumber: string;
  /** The ERP's net value of the sales order. */
  netAmount: Money;
  /** True when the sales order already existed in the ERP (found by customer PO number) and was not posted again. */
  alreadyPosted: boolean;
  /** The outbound delivery whose goods issue told the ERP the goods left. */
  deliveryNumber?: string;
  /** The ERP's invoices (billing documents) of the order. */
  invoiceNumbers?: string[];
}

/** The WMS's side of the order. */
export interface WmsDocuments {
  /** The release that asks the warehouse to pick and pack the order. */
  releaseId: string;
  /** The warehouse it was released to. */
  warehouse: string;
  /** The shipments confirmed so far. */
  shipmentIds: string[];
}

/** What the partner is told about its order: the canonical order acknowledgement. */
export type AckType = 'ACCEPT' | 'ACCEPT_WITH_CHANGES' | 'REJECT';

/** One line of an order acknowledgement. */
export interface AckLine {
  /** The partner's line number, verbatim, as on the order. */
  lineNumber: string;
  /** The line's outcome; every line is REJECTED when the whole order is. */
  status: LineStatus;
  /** The quantity as ordered, with the ERP's pack size once the unit was checked. */
  quantity: Qty;
  /** The ERP's net price per ordered unit; absent when the order is rejected or the line was not priced. */
  unitPrice?: Money;
  /** When the line is scheduled to ship; absent when the order is rejected or allocation found no date. */
  scheduledShipDate?: IsoDate;
  /** Why the line is rejected or backordered (the order's reason when the whole order is rejected); absent otherwise. */
  reason?: string;
}

/** The canonical order acknowledgement, published as an event for the partner tier (855, JSON, marketplace). */
export interface OrderAcknowledgement {
  /** The order's id in the gateway. */
  orderId: string;
  /** The buyer's purchase order number, as submitted. */
  orderNumber: string;
  /** The date (UTC) the acknowledgement was made. */
  ackDate: IsoDate;
  /**
   * ACCEPT when every line is accepted and no partner price differs from the ERP's beyond the tolerance;
   * ACCEPT_WITH_CHANGES when a line is backordered or rejected, or a price differs; REJECT when the order is rejected.
   */
  type: AckType;
  /** One entry per line of the order, in the order's line order. */
  lines: AckLine[];
}

/** An order's record: what was received, what every step decided, and where it went. */
export interface ProcessOrder {
  /** Opaque, unguessable id of this order in the gateway. */
  id: string;
  /** The channel and partner the order came from, with the channel's document ids (e.g. ISA/GS/ST control numbers). */
  source: OrderSource;
  /** The buyer's purchase order number, as submitted. */
  orderNumber: string;
  /** What the order does, as submitted (ORIGINAL when the submission left it out). */
  purpose: OrderPurpose;
  /** The date on the buyer's order. */
  orderDate: IsoDate;
  /** The ISO 4217 currency of the order's prices. */
  currency: string;
  /** The parties as submitted. */
  parties: Party[];
  /** The date by which the buyer wants the goods delivered; absent when the submission gave none. */
  requestedDelivery?: IsoDate;
  /** Where the order stands now. */
  status: OrderStatus;
  /** Why the order was rejected, or what the open exception is about. */
  reason?: string;
  /** Every line as submitted, in order, with what the workflow decided for it. */
  lines: OrderLine[];
  /** Total of the accepted and backordered lines at the ERP's prices, in `currency`; absent until the order is priced. */
  total?: Decimal;
  /** The ERP's documents of the order; absent until it is posted to the ERP. */
  erp?: ErpDocuments;
  /** The WMS's documents of the order; absent until it is released to the warehouse. */
  wms?: WmsDocuments;
  /** The acknowledgement sent to the partner; absent until the acknowledge step ran. */
  acknowledgement?: OrderAcknowledgement;
  /** The open exception, while the order waits for a replay. */
  exceptionId?: string;
  /** The correlation id of the submission: it appears on every hop's log and at the platforms. */
  correlationId: string;
  /** When the gateway recorded the order. */
  receivedAt: IsoDateTime;
  /** When the order's record last changed. */
  updatedAt: IsoDateTime;
  /** Every step as it ran, in order. */
  steps: StepRecord[];
  /** Every status the order went through, oldest first. */
  history: OrderHistoryEntry[];
  /** True when the order is past the configured time for its current status (`process.workflow.slaSeconds`); never for INVOICED or REJECTED. */
  delayed: boolean;
}

/** The answer to a submission: the order is durably recorded and its workflow has started. */
export interface OrderAccepted {
  /** The order's id: read the order with it. */
  id: string;
  /** Always RECEIVED: the workflow runs after the answer. */
  status: OrderStatus;
  /** Where to follow the order: the path of its record (`/process/orders/v2/orders/{id}`), as in the `Location` header. */
  location: string;
  /** The correlation id of the submission: it appears on every hop's log and at the platforms; quote it when asking about the order. */
  correlationId: string;
}

/** One page of an order search, newest first. */
export interface OrderPage {
  /**
   * The page's orders, newest first. With `delayed`, a page may hold fewer than `limit` (even none) while
   * `nextCursor` says there are more to look at.
   */
  orders: ProcessOrder[];
  /** Give this as `cursor` to read the next page; absent on the last page. */
  nextCursor?: string;
}
