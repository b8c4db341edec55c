/** Routes of the orders process API v2: submit a canonical order (202), follow it, search orders. */
import { Body, Controller, Get, Path, Post, Query, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { notFound } from '../../../../gateway/errors';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { OrderService } from '../order-service';
import type { Invoice, OrderAccepted, OrderPage, OrderStatus, OrderSubmission, ProcessOrder, Shipment } from './models';

@Route('orders')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Orders')
export class OrdersController extends Controller {
  constructor(private readonly orders: OrderService) {
    super();
  }

  /**
   * Accepts a canonical order from any channel and starts its order-to-cash workflow: validate against the ERP,
   * price from the customer's price list, allocate against stock, post the sales order to the ERP exactly once,
   * acknowledge it to the partner, release it to the warehouse, follow its shipments and invoice it. The answer
   * comes as soon as the order is durably recorded; follow it at `Location`. Business refusals (unknown customer
   * or item, no stock and no backorders) show on the order as REJECTED with reasons, never as errors here.
   * @summary Submit a canonical order
   * @param body The canonical order: its source, the buyer's order number and date, the parties and the lines.
   * @example body {"source":{"channel":"EDI","partnerId":"acme","externalId":"000000905/0001","documents":[{"type":"ISA13","value":"000000905"},{"type":"ST02","value":"0001"}]},"orderNumber":"PO-2026-000123","purpose":"ORIGINAL","orderDate":"2026-11-28","currency":"USD","parties":[{"role":"BUYER","ids":[{"scheme":"ERP_CUSTOMER","value":"0010100003"}]}],"lines":[{"lineNumber":"1","item":{"ids":[{"scheme":"SKU","value":"TG-10001"}]},"quantity":{"value":"2","uom":"CS"},"unitPrice":{"amount":"106.20","currency":"USD"}}]}
   */
  @Security('oauth2', ['process.orders.write'])
  @Post()
  @SuccessResponse(202, 'Accepted: recorded, its workflow started')
  @Response<ProblemDetails>(400, 'The order is malformed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(409, 'The partner already submitted an order with this order number (its id is in `orderId`)', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The body is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'The order store is unavailable; nothing was recorded, submit again later', undefined, PROBLEM_JSON)
  public async submitOrder(@Body() body: OrderSubmission): Promise<OrderAccepted> {
    const order = await this.orders.submit(body);
    const location = `/process/orders/v2/orders/${order.id}`;
    this.setStatus(202);
    this.setHeader('Location', location);
    return { id: order.id, status: order.status, location, correlationId: order.correlationId };
  }

  /**
   * Searches orders, newest first: by partner, by the buyer's order number, by status, by age, and whether they
   * are delayed (past the configured time for their current status).
   * @summary Search orders
   * @param partnerId Only this partner's orders.
   * @param orderNumber Only orders with this buyer's order number.
   * @param status Only orders in these statuses.
   * @param olderThanMinutes Only orders received more than this many minutes ago.
   * @param newerThanMinutes Only orders received at most this many minutes ago.
   * @param delayed Only delayed (true) or only on-time (false) orders; a page may then hold fewer than `limit` while `nextCursor` says there are more.
   * @param limit Orders per page, 1 to 200.
   * @param cursor The `nextCursor` of the previous page.
   * @isInt olderThanMinutes
   * @minimum olderThanMinutes 0
   * @isInt newerThanMinutes
   * @minimum newerThanMinutes 0
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 200
   */
  @Security('oauth2', ['process.orders.read'])
  @Get()
  @Response<ProblemDetails>(400, 'A query parameter is invalid (named in `errors`)', undefined, PROBLEM_JSON)
  public async searchOrders(
    @Query() partnerId?: string,
    @Query() orderNumber?: string,
    @Query() status?: OrderStatus[],
    @Query() olderThanMinutes?: number,
    @Query() newerThanMinutes?: number,
    @Query() delayed?: boolean,
    @Query() limit: number = 50,
    @Query() cursor?: string,
  ): Promise<OrderPage> {
    const now = Date.now();
    return this.orders.search({
      ...(partnerId !== undefined ? { partnerId } : {}),
      ...(orderNumber !== undefined ? { orderNumber } : {}),
      ...(status !== undefined ? { statuses: status } : {}),
      ...(olderThanMinutes !== undefined ? { receivedBefore: new Date(now - olderThanMinutes * 60_000) } : {}),
      ...(newerThanMinutes !== undefined ? { receivedAfter: new Date(now - newerThanMinutes * 60_000) } : {}),
      ...(delayed !== undefined ? { delayed } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
      limit,
    });
  }

  /**
   * Reads an order's record: its status, every step with its time, attempts and last error, the ERP and WMS
   * document numbers, the acknowledgement sent, the correlation id and the channel's document ids.
   * @summary Read an order
   * @param orderId The id returned at submission.
   */
  @Security('oauth2', ['process.orders.read'])
  @Get('{orderId}')
  @Response<ProblemDetails>(404, 'No such order', undefined, PROBLEM_JSON)
  public async getOrder(@Path() orderId: string): Promise<ProcessOrder> {
    const order = await this.orders.get(orderId);
    if (!order) throw notFound('Order', orderId);
    return order;
  }

  /**
   * The order's shipments as the warehouse confirmed them: ship date, carrier and tracking, and every handling unit
   * (SSCC-18, its parent pallet, what it holds per order line). Empty until the first shipment leaves.
   * @summary List an order's shipments
   * @param orderId The id returned at submission.
   */
  @Security('oauth2', ['process.orders.read'])
  @Get('{orderId}/shipments')
  @Response<ProblemDetails>(404, 'No such order', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'The WMS failed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'The WMS is unavailable', undefined, PROBLEM_JSON)
  public async listShipments(@Path() orderId: string): Promise<Shipment[]> {
    const shipments = await this.orders.shipments(orderId);
    if (!shipments) throw notFound('Order', orderId);
    return shipments;
  }

  /**
   * The ERP's invoices of the order, with the partner's line numbers, amounts and totals. Empty until the ERP bills.
   * @summary List an order's invoices
   * @param orderId The id returned at submission.
   */
  @Security('oauth2', ['process.orders.read'])
  @Get('{orderId}/invoices')
  @Response<ProblemDetails>(404, 'No such order', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'The ERP failed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'The ERP is unavailable', undefined, PROBLEM_JSON)
  public async listInvoices(@Path() orderId: string): Promise<Invoice[]> {
    const invoices = await this.orders.invoices(orderId);
    if (!invoices) throw notFound('Order', orderId);
    return invoices;
  }
}
