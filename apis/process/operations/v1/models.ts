/** The operations process API v1 contract: what operators and integration architects read about the gateway itself. */
import type { IsoDateTime } from '../../../canonical/model';

/** How much one client called a deprecated version, and when last. */
export interface ClientUsage {
  /** The OAuth client id of the caller. */
  clientId: string;
  /** The partner the client acts for, when it is a partner's client. */
  partnerId?: string;
  /** Calls counted since the version was deprecated (also refused ones, after its sunset or in a brownout). */
  calls: number;
  /** The client's last call of the version. */
  lastSeen: IsoDateTime;
}

/** One deprecated or retired API version, its lifecycle dates and the clients still calling it. */
export interface DeprecatedVersionUsage {
  /** Catalog id of the version, e.g. `partner/customers/v1`. */
  id: string;
  /** The version's lifecycle status in the catalog. */
  status: 'deprecated' | 'retired';
  /** When the version was deprecated: an ISO date or UTC date-time, as in the catalog. */
  deprecatedOn?: string;
  /** When the version stops (or stopped) being served: an ISO date or UTC date-time, as in the catalog. */
  sunsetOn?: string;
  /** Base path of the version to move to. */
  successor?: string;
  /** Who still calls it, most calls first: whom to tell before the sunset. */
  clients: ClientUsage[];
}

/** Who still calls deprecated and retired versions. */
export interface DeprecatedUsageReport {
  /** Every deprecated or retired version of the catalog, each with its callers. */
  versions: DeprecatedVersionUsage[];
}

/** The workflow's steps, in order (see the orders process API v2). */
export type WorkflowStep = 'validate' | 'price' | 'allocate' | 'post' | 'acknowledge' | 'release' | 'ship' | 'invoice';

/** OPEN until replayed; SUPERSEDED when the order moved on without it. */
export type ExceptionStatus = 'OPEN' | 'REPLAYED' | 'SUPERSEDED';

/** An order whose workflow step failed past its retries, or on an error retrying would not fix. */
export interface OrderException {
  /** Opaque id of the exception: give it to read or replay the exception. */
  id: string;
  /** The order (read it at /process/orders/v2/orders/{orderId}). */
  orderId: string;
  /** The partner profile the order came from. */
  partnerId: string;
  /** The buyer's order number. */
  orderNumber: string;
  /** The step that failed: a replay runs it again. */
  step: WorkflowStep;
  /** Why the order is here: the step's retries on transient errors are spent, or it failed on an error that retrying would not fix. */
  reason: string;
  /** Failed attempts of the step before it landed here (0 for a step message that could not be handled at all). */
  attempts: number;
  /** The last error, as a problem code and message (e.g. `ERR_PLATFORM_UNAVAILABLE: ...`); never a stack trace. */
  lastError: string;
  /** When the order landed in the exceptions queue. */
  createdAt: IsoDateTime;
  /** OPEN while it waits for a replay; REPLAYED once replayed; SUPERSEDED when the order moved on without it. */
  status: ExceptionStatus;
  /** When it was replayed or superseded; absent while OPEN. */
  resolvedAt?: IsoDateTime;
  /** The OAuth client id that replayed it; absent while OPEN and for superseded exceptions. */
  resolvedBy?: string;
}

/** Exceptions, newest first. */
export interface ExceptionList {
  /** The exceptions matching the query, newest first, at most `limit` of them; empty when none match. */
  exceptions: OrderException[];
}

/** A replay that was started: the order's step runs again. */
export interface ReplayResult {
  /** The exception replayed: it is now REPLAYED. */
  exceptionId: string;
  /** The order that resumes (follow it at /process/orders/v2/orders/{orderId}). */
  orderId: string;
  /** The step that runs again, from the start and with fresh retries. */
  step: WorkflowStep;
}

/** Which open exceptions to replay at once; every filter left out matches all. */
export interface BulkReplayRequest {
  /** Only exceptions of this failed step; any step when absent. */
  step?: WorkflowStep;
  /**
   * Only this partner's exceptions; every partner's when absent.
   * @pattern ^[a-z0-9][a-z0-9-]{0,63}$
   */
  partnerId?: string;
  /** Only exceptions created at or after this time; any age when absent. */
  since?: IsoDateTime;
  /**
   * At most this many (newest first), 1 to 500. Default 100.
   * @isInt
   * @minimum 1
   * @maximum 500
   */
  limit?: number;
}

/** What a bulk replay did. */
export interface BulkReplayResult {
  /** The replays started, newest exception first; empty when nothing matched. */
  replayed: ReplayResult[];
  /** Matching exceptions that another replay resolved meanwhile (or whose order had moved on): not replayed. */
  skipped: number;
}

/** Latency percentiles over the orders that got that far. */
export interface LatencyStats {
  /** Orders of the window that reached that point, and so were measured; 0 when none did. */
  count: number;
  /** Median, in seconds (nearest rank); absent when `count` is 0. */
  p50Seconds?: number;
  /** 95th percentile, in seconds (nearest rank); absent when `count` is 0. */
  p95Seconds?: number;
}

/** How many orders are in one status. */
export interface StatusCount {
  /** An order status of the orders process API v2 (RECEIVED ... INVOICED, REJECTED, EXCEPTION). */
  status: string;
  /** Orders of the window whose current status it is (at least 1). */
  count: number;
}

/** Open exceptions of one step. */
export interface StepCount {
  /** The workflow step that failed (validate, price, allocate, post, acknowledge, release, ship, invoice). */
  step: string;
  /** Open exceptions of that step (at least 1). */
  count: number;
}

/** Open exceptions of one partner. */
export interface PartnerCount {
  /** The partner profile the exceptions' orders came from. */
  partnerId: string;
  /** Open exceptions of that partner's orders (at least 1). */
  count: number;
}

/** One partner's orders in the window. */
export interface PartnerKpis {
  /** The partner profile the orders came from. */
  partnerId: string;
  /** Orders of the partner received in the window (at least 1). */
  orders: number;
  /** Orders rejected, or with at least one rejected line. */
  failedValidation: number;
  /** failedValidation ÷ orders, 0 to 1, four decimals. */
  validationFailureRate: number;
}

/** How fresh one warehouse's inventory feed is. */
export interface InventoryFeedKpi {
  /** The WMS warehouse (fulfillment center) id. */
  warehouse: string;
  /** The newest inventory position the WMS reported for it. */
  asOf: IsoDateTime;
  /** Whole seconds from `asOf` to now (0 when the WMS's clock is ahead). */
  ageSeconds: number;
  /** Older than the configured limit (`process.inventory.staleAfterSeconds`, 900 by default). */
  stale: boolean;
}

/** Outbound documents of one partner on one channel still waiting for the partner's acknowledgement past the configured time. */
export interface OverdueDocumentsKpi {
  /** The channel, e.g. EDI (855, 856 and 810 without their 997/999 after `channels.edi.overdueAfterSeconds`). */
  channel: string;
  /** The partner that owes the acknowledgements. */
  partnerId: string;
  /** How many documents are overdue. */
  count: number;
}

/** A platform's circuit breaker. */
export interface PlatformKpi {
  /** The platform the process tier calls through the breaker: ERP or WMS. */
  platform: string;
  /**
   * CLOSED: calls go through. OPEN: after repeated transient failures, calls fail at once with 503 (the workflow
   * retries them later). HALF_OPEN: one trial call goes through, and its success closes the circuit.
   */
  circuit: 'CLOSED' | 'OPEN' | 'HALF_OPEN';
  /** Times it opened since this instance started. */
  openings: number;
}

/** Transaction-level KPIs of the order-to-cash workflow over a recent window. */
export interface Kpis {
  /** The orders the figures cover: those received between `from` and `to`. */
  window: {
    /** Start of the window: `to` minus the requested `hours`. */
    from: IsoDateTime;
    /** End of the window: when the KPIs were computed. */
    to: IsoDateTime;
    /** Orders received in the window that the figures cover. */
    orders: number;
    /** True when the window held more orders than one answer reads (the newest are covered). */
    truncated: boolean;
  };
  /** How long the window's orders took, from receipt to first reaching a point (retries, waits and replays included). */
  latency: {
    /** From receipt to the ERP's sales order. */
    receivedToPosted: LatencyStats;
    /** From receipt to the last shipment leaving the warehouse. */
    receivedToShipped: LatencyStats;
  };
  /** The window's orders per current status, most orders first; statuses no order is in are left out. */
  ordersByStatus: StatusCount[];
  /** Orders past the configured time for their current status. */
  delayedOrders: number;
  /** The exceptions queue as it stands now. */
  exceptions: {
    /** Open exceptions (all of them, not only the window's). */
    open: number;
    /** Open exceptions per failed step; steps with none are left out. */
    byStep: StepCount[];
    /** Open exceptions per partner; partners with none are left out. */
    byPartner: PartnerCount[];
  };
  /** One entry per partner that sent orders in the window, by partner id; partners without orders in it are left out. */
  partners: PartnerKpis[];
  /** Documents the window's orders produced for their partners so far. */
  documents: {
    /** Orders acknowledged to their partner (acceptances and rejections alike). */
    acknowledgements: number;
    /** Shipment confirmations (ASNs). */
    shipmentNotices: number;
    /** ERP invoices (billing documents) of the window's orders. */
    invoices: number;
  };
  /** One entry per warehouse the WMS reports inventory for, with the age of its newest position. */
  inventoryFeeds: InventoryFeedKpi[];
  /** Outbound channel documents without the partner's acknowledgement past the configured time, per channel and partner. */
  overdueDocuments: OverdueDocumentsKpi[];
  /** The circuit breaker of each platform the workflow calls (ERP, WMS), as this instance sees it. */
  platforms: PlatformKpi[];
  /** The workflow's queue of step messages now (all orders, not only the window's). */
  workflow: {
    /** Step messages waiting or in flight. */
    pendingSteps: number;
    /** Step messages waiting for a retry backoff or a polling interval. */
    scheduledSteps: number;
    /** Step messages given up after repeated failures outside any step. */
    deadLettered: number;
  };
}

/** Latency percentiles of one minute's API requests, in milliseconds. */
export interface ActivityLatency {
  /** Median, estimated from the merged latency histogram of every instance; null when the minute had no request. */
  p50: number | null;
  /** 95th percentile, estimated the same way; null when the minute had no request. */
  p95: number | null;
}

/** One minute of the gateway's activity. */
export interface ActivityBucket {
  /** Start of the minute (UTC, on the minute). */
  start: IsoDateTime;
  /**
   * API requests finished in the minute, every tier's and every instance's (a partner's call that crosses into the
   * process and system tiers counts at each tier).
   * @isInt
   */
  requests: number;
  /**
   * Of those, answered with a 5xx status.
   * @isInt
   */
  serverErrors: number;
  /**
   * Of those, answered with a 4xx status (refusals by authentication, throttling and lifecycle included).
   * @isInt
   */
  clientErrors: number;
  /** How long the minute's API requests took. */
  latencyMs: ActivityLatency;
  /**
   * Orders the process tier received in the minute, from every channel.
   * @isInt
   */
  ordersReceived: number;
  /**
   * Exceptions opened in the minute (orders whose step failed past its retries), whatever their status now.
   * @isInt
   */
  exceptionsOpened: number;
}

/** The gateway's activity per minute over a recent window. */
export interface ActivitySeries {
  /** Start of the oldest bucket. */
  from: IsoDateTime;
  /** When the series was read: the last bucket is the current minute, still filling. */
  to: IsoDateTime;
  /**
   * Length of each bucket in seconds: always 60.
   * @isInt
   */
  bucketSeconds: number;
  /** One bucket per minute of the window, oldest first; minutes without activity are present with zeros and nulls. */
  buckets: ActivityBucket[];
}
