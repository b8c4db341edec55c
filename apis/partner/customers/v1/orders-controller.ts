/** Routes of the customer orders API v1. */
import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Get, Path, Post, Request, Response, Route, SuccessResponse, Tags, Security } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { CustomerOrderService } from '../customer-order-service';
import type { CustomerOrder, CustomerOrderRequest } from './models';

@Route('orders')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Orders')
export class CustomerOrdersController extends Controller {
  constructor(private readonly orders: CustomerOrderService) {
    super();
  }

  /**
   * Places a purchase order on your account. We take it in at once (status RECEIVED) and then check every line
   * against our catalogue, price it from your price list and confirm it with our sales order number (CONFIRMED), or
   * tell you per line why we cannot (REJECTED): read the order again to follow it. If our systems are down we keep
   * the order and process it when they are back.
   * Items are named by `sku`, `gtin` or both; quantities are whole units of `EA` (each) or `CS` (case).
   * @summary Place an order
   * @param body The purchase order: your purchase order number, optionally the account and ship-to, and the lines.
   * @example body {"purchaseOrderNumber":"PO-2026-000123","customerNumber":"0010100001","shipTo":"0010200001","requestedDeliveryDate":"2026-12-15","lines":[{"lineNumber":"1","sku":"TG-10001","quantity":"2","unit":"CS","expectedUnitPrice":"106.20"},{"lineNumber":"2","gtin":"0614141000029","quantity":"5","unit":"EA"}]}
   */
  @Security('oauth2', ['partner.orders.write'])
  @Post()
  @SuccessResponse(201, 'Taken in: the order as recorded (RECEIVED); read it again for CONFIRMED or REJECTED with reasons')
  @Response<ProblemDetails>(400, 'The order is malformed; `errors` names the fields', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The token lacks partner.orders.write, or the account is not one of yours', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(409, 'You already placed an order with this purchase order number (its id is in `orderId`)', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The body is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed before taking the order in; nothing was accepted', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems could not take the order in; nothing was accepted, retry later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out taking the order in; nothing was accepted, retry later', undefined, PROBLEM_JSON)
  public async placeOrder(@Body() body: CustomerOrderRequest, @Request() request: ExpressRequest): Promise<CustomerOrder> {
    const order = await this.orders.place(body, callerOf(request));
    this.setStatus(201);
    this.setHeader('Location', `/partner/customers/v1/orders/${order.id}`);
    return order;
  }

  /**
   * Reads one of your orders back, with our prices, line statuses and our sales order number.
   * @summary Read an order
   * @param orderId The `id` we answered when you placed the order.
   */
  @Security('oauth2', ['partner.orders.read'])
  @Get('{orderId}')
  @Response<ProblemDetails>(404, 'No such order', undefined, PROBLEM_JSON)
  public async getOrder(@Path() orderId: string, @Request() request: ExpressRequest): Promise<CustomerOrder> {
    return this.orders.get(orderId, callerOf(request));
  }
}
