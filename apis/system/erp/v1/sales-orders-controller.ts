/** Routes of the ERP system API v1 for sales orders: create one, find by purchase order, read one, its goods issue, its invoices. */
import { Body, Controller, Example, Get, Path, Post, Query, Response, Route, SuccessResponse, Tags, Security } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { ErpAdapter } from '../adapters/erp-adapter';
import { assertCalendarDates } from '../../../canonical/dates';
import {
  badGatewayExample,
  conflictProblemExample,
  goodsIssueAlreadyPostedExample,
  goodsIssueExample,
  goodsIssueNotFoundExample,
  goodsIssueRefusedExample,
  goodsIssueValidationExample,
  invoiceExample,
  salesOrderExample,
  salesOrderNotFoundExample,
  salesOrderRefusedExample,
  timeoutExample,
  unavailableExample,
  validationProblemExample,
} from './examples';
import type { CustomerNumber, GoodsIssue, GoodsIssueCreate, Invoice, SalesOrder, SalesOrderConflictProblem, SalesOrderCreate, SalesOrderNumber } from './models';

/** Where a created sales order is read back: the `Location` of POST /sales-orders. */
export const SALES_ORDER_PATH = '/system/erp/v1/sales-orders';

/**
 * Sales orders in the ERP, keyed by the ERP's sales order number and findable by the customer's purchase order
 * number, which the ERP keeps per customer. Prices come from the ERP, never from the caller.
 */
@Route('sales-orders')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Sales orders')
@Response<ProblemDetails>(502, 'The ERP failed or answered something unusable', badGatewayExample, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'The ERP is down or unreachable; retry later (see `Retry-After` when present)', unavailableExample, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'The ERP did not answer in time', timeoutExample, PROBLEM_JSON)
export class SalesOrdersController extends Controller {
  constructor(private readonly erp: ErpAdapter) {
    super();
  }

  /**
   * Creates a sales order in the ERP, priced by the ERP. Lines keep the customer's line numbers verbatim.
   *
   * Never creates a second order for the same customer and purchase order number: when one exists the answer is
   * 409 with its `salesOrderNumber`. Not idempotent by itself: after a 502/503/504 look the order up with
   * GET /sales-orders?customerNumber&purchaseOrderNumber before sending it again (a 504 may hide a created order;
   * this API already looks once before answering 504).
   *
   * A line's `quantity.packSize`, when given, must be the ERP's for that unit (a case of 10 is not a case of 12):
   * otherwise 422, so an order never ships other quantities than the customer meant.
   * @summary Create a sales order
   * @param body The order: customer, purchase order number and lines in the customer's units.
   * @example body {"customerNumber":"0010100001","shipTo":"0010200001","purchaseOrderNumber":"PO-4711","purchaseOrderDate":"2026-11-28","requestedDeliveryDate":"2026-12-03","lines":[{"lineNumber":"1","material":"TG-10001","quantity":{"value":"2","uom":"CS","packSize":"10"},"plant":"1010"}]}
   */
  @Security('oauth2', ['system.erp.write'])
  @Post()
  @SuccessResponse<{ Location: string }>(201, 'Created; `Location` is the order\'s URL')
  @Example<SalesOrder>(salesOrderExample)
  @Response<ProblemDetails>(400, 'The body is malformed: a field is missing, invalid, or unknown (each named in `errors`)', validationProblemExample, PROBLEM_JSON)
  @Response<SalesOrderConflictProblem>(409, 'The customer already has a sales order with this purchase order number: `salesOrderNumber`', conflictProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The body is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(
    422,
    'The ERP refused the order: unknown customer, ship-to or material, a unit the material lacks, a pack size that differs (named in `errors` where the ERP says which)',
    salesOrderRefusedExample,
    PROBLEM_JSON,
  )
  public async createSalesOrder(@Body() body: SalesOrderCreate): Promise<SalesOrder> {
    assertCalendarDates([
      ['body.purchaseOrderDate', body.purchaseOrderDate],
      ['body.requestedDeliveryDate', body.requestedDeliveryDate],
    ]);
    const created = await this.erp.createSalesOrder(body);
    this.setStatus(201);
    this.setHeader('Location', `${SALES_ORDER_PATH}/${encodeURIComponent(created.salesOrderNumber)}`);
    return created;
  }

  /**
   * Finds a customer's sales orders with a purchase order number: an empty list when there is none, one order
   * normally. This is how a caller checks before creating, and how it finds out after a failed create whether the
   * order was created after all.
   * @summary Find sales orders by purchase order number
   * @param customerNumber The ERP customer number (sold-to party).
   * @param purchaseOrderNumber The customer's purchase order number, exactly as sent on creation.
   * @minLength purchaseOrderNumber 1
   * @maxLength purchaseOrderNumber 35
   */
  @Security('oauth2', ['system.erp.read'])
  @Get()
  @Example<SalesOrder[]>([salesOrderExample])
  @Response<ProblemDetails>(400, 'A query parameter is missing or invalid (named in `errors`)', validationProblemExample, PROBLEM_JSON)
  public async findSalesOrders(@Query() customerNumber: CustomerNumber, @Query() purchaseOrderNumber: string): Promise<SalesOrder[]> {
    return this.erp.findSalesOrders({ customerNumber, purchaseOrderNumber });
  }

  /**
   * Reads one sales order with its lines, prices and processing status.
   * @summary Read a sales order
   * @param salesOrderNumber The ERP sales order number.
   */
  @Security('oauth2', ['system.erp.read'])
  @Get('{salesOrderNumber}')
  @Example<SalesOrder>(salesOrderExample)
  @Response<ProblemDetails>(400, 'The sales order number is malformed', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such sales order', salesOrderNotFoundExample, PROBLEM_JSON)
  public async getSalesOrder(@Path() salesOrderNumber: SalesOrderNumber): Promise<SalesOrder> {
    return this.erp.getSalesOrder(salesOrderNumber);
  }

  /**
   * Tells the ERP that the whole sales order has left the warehouse: the ERP delivers the order (one outbound
   * delivery with every line, in full) and posts its goods issue, which takes the stock out of the plants and puts the
   * order on the ERP's billing due list; the invoice follows with the ERP's billing run (see GET
   * /sales-orders/{salesOrderNumber}/invoices).
   *
   * Idempotent: sending it again, after a success or a 5xx, never posts twice. When goods issue of the order had been
   * posted already, the answer is 200 with that delivery and `alreadyPosted: true`; 201 means it was posted by this
   * request. `shipmentIds` are the WMS shipments that carried the goods, kept as the delivery's external
   * identification where they fit (see the field).
   * @summary Post goods issue of a sales order
   * @param salesOrderNumber The ERP sales order number.
   * @param body The WMS shipments that carried the goods, and the day they left.
   * @example body {"shipmentIds":["30000001","30000002"],"goodsIssueDate":"2026-12-02"}
   */
  @Security('oauth2', ['system.erp.write'])
  @Post('{salesOrderNumber}/goods-issue')
  @SuccessResponse(201, 'Goods issue posted by this request')
  @Example<GoodsIssue>(goodsIssueExample)
  @Response<GoodsIssue>(200, 'Goods issue had been posted already: the delivery holding it, with `alreadyPosted: true`', goodsIssueAlreadyPostedExample)
  @Response<ProblemDetails>(400, 'The sales order number or the body is malformed (each field named in `errors`)', goodsIssueValidationExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such sales order', goodsIssueNotFoundExample, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The body is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(
    422,
    'The ERP refused the delivery or its goods issue, the goods issue date is a future day, or the ERP holds the order in several deliveries (named in `errors` where the ERP says which)',
    goodsIssueRefusedExample,
    PROBLEM_JSON,
  )
  public async postGoodsIssue(@Path() salesOrderNumber: SalesOrderNumber, @Body() body: GoodsIssueCreate): Promise<GoodsIssue> {
    assertCalendarDates([['body.goodsIssueDate', body.goodsIssueDate]]);
    const goodsIssue = await this.erp.postGoodsIssue(salesOrderNumber, body);
    this.setStatus(goodsIssue.alreadyPosted ? 200 : 201);
    return goodsIssue;
  }

  /**
   * The invoices (billing documents) that bill a sales order, oldest first; an empty list until it is billed.
   * An invoice that bills several orders shows all its lines and totals under each of them.
   * @summary List a sales order's invoices
   * @param salesOrderNumber The ERP sales order number.
   */
  @Security('oauth2', ['system.erp.read'])
  @Get('{salesOrderNumber}/invoices')
  @Example<Invoice[]>([invoiceExample])
  @Response<ProblemDetails>(400, 'The sales order number is malformed', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such sales order', salesOrderNotFoundExample, PROBLEM_JSON)
  public async getInvoices(@Path() salesOrderNumber: SalesOrderNumber): Promise<Invoice[]> {
    return this.erp.getInvoices(salesOrderNumber);
  }
}
