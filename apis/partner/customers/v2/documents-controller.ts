/** Routes of the customer orders API v2 for an order's documents: shipping notices and invoices. */
import type { Request as ExpressRequest } from 'express';
import { Controller, Get, Path, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { CustomerDocumentService } from '../customer-document-service';
import type { InvoiceList, ShipmentList } from './document-models';

const UNAUTHENTICATED = 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)';

@Route('orders')
@Tags('Shipments and invoices')
export class CustomerDocumentsV2Controller extends Controller {
  constructor(private readonly documents: CustomerDocumentService) {
    super();
  }

  /**
   * The shipping notices (ASN) of one of your orders: each shipment with its carrier and tracking numbers, and every
   * pallet and carton (SSCC-18, type, the pallet it travels on) with what it holds per item of your order, by your
   * line numbers. Empty until something ships.
   * @summary List an order's shipments
   * @param orderId The `id` we answered when you placed the order.
   */
  @Security('oauth2', ['partner.orders.read'])
  @Get('{orderId}/shipments')
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.read', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such order', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out, retry later', undefined, PROBLEM_JSON)
  public async listShipments(@Path() orderId: string, @Request() request: ExpressRequest): Promise<ShipmentList> {
    return this.documents.shipments(orderId, callerOf(request));
  }

  /**
   * The invoices of one of your orders: number and date, lines by your line numbers, totals with their currency,
   * and payment terms. Empty until the order is billed.
   * @summary List an order's invoices
   * @param orderId The `id` we answered when you placed the order.
   */
  @Security('oauth2', ['partner.orders.read'])
  @Get('{orderId}/invoices')
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.read', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such order', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out, retry later', undefined, PROBLEM_JSON)
  public async listInvoices(@Path() orderId: string, @Request() request: ExpressRequest): Promise<InvoiceList> {
    return this.documents.invoices(orderId, callerOf(request));
  }
}
