/** Routes of the customer orders API v2. */
import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Get, Path, Post, Query, Request, Response, Route, SuccessResponse, Tags, Security } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import { orderPathV2, toSubmissionV2 } from '../customer-order-mapping-v2';
import type { CustomerOrderService } from '../customer-order-service';
import type { PartnerViews } from '../partner-views';
import type { CustomerReference, Order, OrderList, OrderRequest } from './models';

/** The 401 every operation can answer. */
const UNAUTHENTICATED = 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)';

@Route('orders')
@Tags('Orders')
export class CustomerOrdersV2Controller extends Controller {
  constructor(
    private readonly orders: CustomerOrderService,
    private readonly views: PartnerViews,
  ) {
    super();
  }

  /**
   * Places an order on your account. We take it in at once (status RECEIVED) and then check every item against our
   * catalogue, price it from your price list and confirm it with our sales order number (CONFIRMED), or tell you per
   * item what stops it (`problems`, REJECTED): read the order at `Location` to follow it, or subscribe to webhooks.
   * If our systems are down we keep the order and process it when they are back.
   * Items are named by `sku`, `gtin` or both; quantities are whole units of `EA` (each) or `CS` (case), and
   * expected prices are in the currency we sell to you in.
   * @summary Place an order
   * @param body The order: your reference, optionally the account and ship-to, and the items.
   * @example body {"customerReference":"PO-2026-000123","customerNumber":"0010100001","shipTo":{"id":"0010200001"},"requestedDeliveryDate":"2026-12-15","items":[{"lineNumber":"1","sku":"TG-10001","quantity":{"value":"2","unit":"CS"},"expectedUnitPrice":{"amount":"106.20","currency":"USD"}},{"lineNumber":"2","gtin":"0614141000029","quantity":{"value":"5","unit":"EA"}}]}
   */
  @Security('oauth2', ['partner.orders.write'])
  @Post()
  @SuccessResponse(201, 'Taken in: the order as recorded (RECEIVED); follow it at `Location` (the order’s URL) until CONFIRMED or REJECTED with its problems')
  @Response<ProblemDetails>(400, 'The order is malformed; `errors` names the fields (`body.items.0.quantity.value`)', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The token lacks partner.orders.write, or the account is not one of yours', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(409, 'You already placed an order with this customer reference (its id is in `orderId`)', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The body is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed before taking the order in; nothing was accepted', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems could not take the order in; nothing was accepted, retry later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out taking the order in; nothing was accepted, retry later', undefined, PROBLEM_JSON)
  public async placeOrder(@Body() body: OrderRequest, @Request() request: ExpressRequest): Promise<Order> {
    const placed = await this.orders.submitOrder(callerOf(request), body.customerNumber, (placement) => toSubmissionV2(body, placement));
    const order = this.views.for(placed.source.partnerId).order(placed);
    this.setStatus(201);
    this.setHeader('Location', orderPathV2(order.id));
    return order;
  }

  /**
   * Finds your order by the customer reference you gave it: an empty list when there is none. New in v2: look an
   * order up after a timeout instead of placing it again.
   * @summary Find an order by your reference
   * @param customerReference Your reference (your PO number) as you sent it.
   */
  @Security('oauth2', ['partner.orders.read'])
  @Get()
  @Response<ProblemDetails>(400, 'customerReference is missing or malformed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.read', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out, retry later', undefined, PROBLEM_JSON)
  public async findOrders(@Query() customerReference: CustomerReference, @Request() request: ExpressRequest): Promise<OrderList> {
    const caller = callerOf(request);
    const view = this.views.for(this.orders.partnerOf(caller).id);
    return { orders: (await this.orders.findOwn(customerReference, caller)).map((order) => view.order(order)) };
  }

  /**
   * Reads one of your orders back, with our prices, item statuses and our sales order number. Orders placed
   * through v1 read back here too.
   * @summary Read an order
   * @param orderId The `id` we answered when you placed the order.
   */
  @Security('oauth2', ['partner.orders.read'])
  @Get('{orderId}')
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.read', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such order', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out, retry later', undefined, PROBLEM_JSON)
  public async getOrder(@Path() orderId: string, @Request() request: ExpressRequest): Promise<Order> {
    const order = await this.orders.ownOrder(orderId, callerOf(request));
    return this.views.for(order.source.partnerId).order(order);
  }
}
