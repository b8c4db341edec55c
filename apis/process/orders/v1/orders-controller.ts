/** Routes of the orders process API v1: submit a canonical order, read its processing record. */
import { Body, Controller, Get, Path, Post, Query, Response, Route, SuccessResponse, Tags, Security } from '@tsoa/runtime';
import { notFound } from '../../../../gateway/errors';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { OrderService } from '../order-service';
import type { OrderSubmission, ProcessOrder } from './models';
import { isSettledForV1, toV1 } from './record-view';

/** How long a v1 submission waits for the workflow to post or reject the order before answering as it stands. */
export const V1_SETTLE_WAIT_MS = 10_000;
const V1_SETTLE_POLL_MS = 25;

@Route('orders')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Orders')
export class OrdersController extends Controller {
  constructor(private readonly orders: OrderService) {
    super();
  }

  /**
   * Submits a canonical order from any channel. The process tier checks the customer, ship-to, items and units
   * against the ERP, prices every line from the customer's price list (flagging partner prices outside the
   * tolerance), and posts the accepted lines to the ERP as one sales order, exactly once per partner and order
   * number. The answer is the order's processing record: POSTED with the ERP's sales order number, or REJECTED
   * with the reasons per order and per line. Deprecated: v2 answers 202 at once and goes on to ship and invoice;
   * v1 waits up to 10 seconds for the order to be posted or rejected and otherwise answers it as it stands
   * (RECEIVED, VALIDATED or PRICED), to be read again later.
   * @summary Submit a canonical order
   * @param body The canonical order: its source, the buyer's order number and date, the parties and the lines.
   * @example body {"source":{"channel":"API","partnerId":"globex","externalId":"PO-2026-000123"},"orderNumber":"PO-2026-000123","purpose":"ORIGINAL","orderDate":"2026-11-28","currency":"USD","parties":[{"role":"BUYER","ids":[{"scheme":"ERP_CUSTOMER","value":"0010100001"}]},{"role":"SHIP_TO","ids":[{"scheme":"ERP_SHIP_TO","value":"0010200001"}]}],"requestedDelivery":"2026-12-15","lines":[{"lineNumber":"1","item":{"ids":[{"scheme":"SKU","value":"TG-10001"}]},"quantity":{"value":"2","uom":"CS"},"unitPrice":{"amount":"106.20","currency":"USD"}},{"lineNumber":"2","item":{"ids":[{"scheme":"GTIN","value":"0614141000029"}]},"quantity":{"value":"5","uom":"EA"}}]}
   */
  @Security('oauth2', ['process.orders.write'])
  @Post()
  @SuccessResponse(201, 'Processed: POSTED, or REJECTED with reasons')
  @Response<ProblemDetails>(400, 'The order is malformed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(409, 'The partner already submitted an order with this order number (its id is in `orderId`)', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The body is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'The order store is unavailable; nothing was recorded, submit again later', undefined, PROBLEM_JSON)
  public async submitOrder(@Body() body: OrderSubmission): Promise<ProcessOrder> {
    let order = await this.orders.submit(body);
    for (const deadline = Date.now() + V1_SETTLE_WAIT_MS; !isSettledForV1(order) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, V1_SETTLE_POLL_MS));
      order = (await this.orders.get(order.id)) ?? order;
    }
    this.setStatus(201);
    this.setHeader('Location', `/process/orders/v1/orders/${order.id}`);
    return toV1(order);
  }

  /**
   * Finds a partner's order by its order number (the buyer's PO): an empty list, or the one order.
   * @summary Find an order by partner and order number
   * @param partnerId The partner profile that sent the order.
   * @param orderNumber The buyer's purchase order number.
   */
  @Security('oauth2', ['process.orders.read'])
  @Get()
  public async findOrders(@Query() partnerId: string, @Query() orderNumber: string): Promise<ProcessOrder[]> {
    return (await this.orders.findByOrderNumber(partnerId, orderNumber)).map(toV1);
  }

  /**
   * Reads an order's processing record: its status, every step with its time, the ERP document number and the
   * correlation id to look for in every hop's log.
   * @summary Read an order
   * @param orderId The id returned at submission.
   */
  @Security('oauth2', ['process.orders.read'])
  @Get('{orderId}')
  @Response<ProblemDetails>(404, 'No such order', undefined, PROBLEM_JSON)
  public async getOrder(@Path() orderId: string): Promise<ProcessOrder> {
    const order = await this.orders.get(orderId);
    if (!order) throw notFound('Order', orderId);
    return toV1(order);
  }
}
