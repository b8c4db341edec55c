/** Routes of the marketplace channel v1 that take and read purchase orders. */
import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Get, Path, Post, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { MarketplaceOrderService } from '../marketplace-order-service';
import type { Order, OrderSubmissionRequest, OrderSubmissionResponse, PurchaseOrderNumber } from './models';

/** The 401 every operation can answer. */
export const UNAUTHENTICATED = 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)';

@Route('orders')
@Tags('Orders')
export class MarketplaceOrdersController extends Controller {
  constructor(private readonly orders: MarketplaceOrderService) {
    super();
  }

  /**
   * Takes 1 to 100 purchase orders in Amazon's vendor Order shape and answers at once, per order: Accepted with our
   * order id (we then check, price, allocate and post it; read its acknowledgement when its state is Acknowledged),
   * or Refused with a problem: a bad item (a case without its `unitSize`, an item without any id, a cost in another
   * currency), a purchase order number you already sent (409, with the existing order's id), or our systems
   * failing (5xx: send that order again later).
   *
   * Mapping: `vendorProductIdentifier` is our SKU, `amazonProductIdentifier` the ASIN (kept and echoed);
   * `orderedQuantity` in Cases is our unit CS with `unitSize` as its pack size, which must be ours for the item (or
   * the item is rejected in the acknowledgement), Eaches is EA; `netCost` (per each) is compared with our price;
   * `itemSequenceNumber` is kept verbatim and echoed everywhere. The order is placed on the account your
   * `buyingParty` is configured to, else on your default account.
   * @summary Submit purchase orders
   * @param body The purchase orders, as the marketplace sends them to its vendors.
   * @example body {"orders":[{"purchaseOrderNumber":"2JK3S9VC","purchaseOrderState":"New","orderDetails":{"purchaseOrderDate":"2026-11-28T08:00:00Z","purchaseOrderType":"RegularOrder","paymentMethod":"Invoice","buyingParty":{"partyId":"SHOPCO"},"sellingParty":{"partyId":"DISTRIBUTOR"},"shipToParty":{"partyId":"ABE8","address":{"name":"Shopco Fulfillment Center ABE8","addressLine1":"705 Boulder Dr","city":"Breinigsville","stateOrRegion":"PA","postalCode":"18031","countryCode":"US"}},"deliveryWindow":"2026-12-03T00:00:00Z--2026-12-09T00:00:00Z","items":[{"itemSequenceNumber":"1","amazonProductIdentifier":"B07DFVDRAB","vendorProductIdentifier":"TG-10001","orderedQuantity":{"amount":4,"unitOfMeasure":"Cases","unitSize":10},"isBackOrderAllowed":true,"netCost":{"currencyCode":"USD","amount":"13.29"}},{"itemSequenceNumber":"2","vendorProductIdentifier":"TG-10003","orderedQuantity":{"amount":6,"unitOfMeasure":"Eaches"},"isBackOrderAllowed":false}]}}]}
   */
  @Security('oauth2', ['partner.marketplace'])
  @Post()
  @SuccessResponse(202, 'One result per order, in the order sent: Accepted (with our order id) or Refused (with its problem)')
  @Response<ProblemDetails>(400, 'The request is malformed (not orders, more than 100, a field of the wrong type); `errors` names the fields', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The token lacks partner.marketplace, or your client does not act for a marketplace partner', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The body is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  public async submitOrders(@Body() body: OrderSubmissionRequest, @Request() request: ExpressRequest): Promise<OrderSubmissionResponse> {
    const results = await this.orders.submit(body.orders, callerOf(request));
    this.setStatus(202);
    return { results };
  }

  /**
   * Reads a purchase order back in Amazon's Order shape, with its `purchaseOrderState`: New until we have acknowledged
   * it (we are checking, pricing, allocating and posting it), Acknowledged while it is released, shipped and
   * invoiced, Closed once every item is invoiced or the whole order was rejected.
   * @summary Read a purchase order
   * @param purchaseOrderNumber The purchase order number, as you sent it.
   */
  @Security('oauth2', ['partner.marketplace'])
  @Get('{purchaseOrderNumber}')
  @Response<ProblemDetails>(400, 'The purchase order number is malformed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The token lacks partner.marketplace', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'You sent no purchase order with this number', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out, retry later', undefined, PROBLEM_JSON)
  public async getOrder(@Path() purchaseOrderNumber: PurchaseOrderNumber, @Request() request: ExpressRequest): Promise<Order> {
    return this.orders.order(purchaseOrderNumber, callerOf(request));
  }
}
