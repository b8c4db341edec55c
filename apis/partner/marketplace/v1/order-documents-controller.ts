/** Routes of the marketplace channel v1 that give back what we send a vendor's buyer: acknowledgement, status, shipments. */
import type { Request as ExpressRequest } from 'express';
import { Controller, Get, Path, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { MarketplaceOrderService } from '../marketplace-order-service';
import { UNAUTHENTICATED } from './orders-controller';
import type { OrderAcknowledgement, OrderStatus, PurchaseOrderNumber, ShipmentConfirmationList } from './models';

@Route('orders')
@Tags('Order documents')
@Response<ProblemDetails>(400, 'The purchase order number is malformed', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The token lacks partner.marketplace', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(502, 'Our systems failed', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'Our systems timed out, retry later', undefined, PROBLEM_JSON)
export class MarketplaceOrderDocumentsController extends Controller {
  constructor(private readonly orders: MarketplaceOrderService) {
    super();
  }

  /**
   * Our acknowledgement in Amazon's OrderAcknowledgement shape, once we have made it: per item Accepted (ships from
   * stock on `scheduledShipDate`), Backordered (ships when stock arrives, on `scheduledShipDate` when we know it) or
   * Rejected (with Amazon's `rejectionReason` where one fits: InvalidProductIdentifier for an item we do not know,
   * TemporarilyUnavailable for stock we cannot backorder, ObsoleteProduct; and our words in `reasonDetail`, e.g. a case
   * size that is not ours). Quantities are in the ordered unit; `netCost` is our price per each. 404 until then.
   * @summary Read a purchase order's acknowledgement
   * @param purchaseOrderNumber The purchase order number, as you sent it.
   */
  @Security('oauth2', ['partner.marketplace'])
  @Get('{purchaseOrderNumber}/acknowledgement')
  @Response<ProblemDetails>(404, 'You sent no purchase order with this number, or we have not acknowledged it yet (its state is New)', undefined, PROBLEM_JSON)
  public async getAcknowledgement(@Path() purchaseOrderNumber: PurchaseOrderNumber, @Request() request: ExpressRequest): Promise<OrderAcknowledgement> {
    return this.orders.acknowledgement(purchaseOrderNumber, callerOf(request));
  }

  /**
   * The purchase order's status in Amazon's OrderStatus shape: `purchaseOrderStatus` OPEN until every item is invoiced
   * or the whole order is rejected (then CLOSED); per item its confirmation (UNCONFIRMED before our acknowledgement,
   * then ACCEPTED, backorders included, or REJECTED) with the accepted and rejected quantities in the ordered unit.
   * There is no `receivingStatus`: what your warehouse received only you know; what we shipped is under `/shipments`.
   * @summary Read a purchase order's status
   * @param purchaseOrderNumber The purchase order number, as you sent it.
   */
  @Security('oauth2', ['partner.marketplace'])
  @Get('{purchaseOrderNumber}/status')
  @Response<ProblemDetails>(404, 'You sent no purchase order with this number', undefined, PROBLEM_JSON)
  public async getOrderStatus(@Path() purchaseOrderNumber: PurchaseOrderNumber, @Request() request: ExpressRequest): Promise<OrderStatus> {
    return this.orders.status(purchaseOrderNumber, callerOf(request));
  }

  /**
   * The purchase order's shipments as confirmations in the shape of Amazon's vendor shipment confirmations: each with
   * its cartons and pallets by SSCC-18, what each carton holds per `itemSequenceNumber`, and the shipped items
   * totalled, in the ordered unit. Empty until the first shipment leaves our warehouse.
   * @summary List a purchase order's shipment confirmations
   * @param purchaseOrderNumber The purchase order number, as you sent it.
   */
  @Security('oauth2', ['partner.marketplace'])
  @Get('{purchaseOrderNumber}/shipments')
  @Response<ProblemDetails>(404, 'You sent no purchase order with this number', undefined, PROBLEM_JSON)
  public async listShipmentConfirmations(@Path() purchaseOrderNumber: PurchaseOrderNumber, @Request() request: ExpressRequest): Promise<ShipmentConfirmationList> {
    return this.orders.shipments(purchaseOrderNumber, callerOf(request));
  }
}
