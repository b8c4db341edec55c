/** Routes of the ERP system API v1 for customers: the list, one customer with its ship-to parties, its prices. */
import { Controller, Example, Get, Path, Query, Response, Route, Tags, Security } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { ErpAdapter } from '../adapters/erp-adapter';
import {
  badGatewayExample,
  customerExample,
  customerNotFoundExample,
  customerPageExample,
  priceListExample,
  timeoutExample,
  unavailableExample,
  unknownMaterialProblemExample,
  validationProblemExample,
} from './examples';
import type { Customer, CustomerNumber, CustomerPage, CustomerPriceList, MaterialNumber } from './models';

/**
 * Customers are the ERP's sold-to parties of the distributor's sales area, with the terms they buy on (currency,
 * payment terms, price list) and the ship-to parties they may order for. The ERP is the system of record: these
 * routes read it on every call.
 */
@Route('customers')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Customers')
@Response<ProblemDetails>(502, 'The ERP failed or answered something unusable', badGatewayExample, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'The ERP is down or unreachable; retry later (see `Retry-After` when present)', unavailableExample, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'The ERP did not answer in time', timeoutExample, PROBLEM_JSON)
export class CustomersController extends Controller {
  constructor(private readonly erp: ErpAdapter) {
    super();
  }

  /**
   * Lists the customers, ordered by customer number, one page at a time. `total` counts every customer, so a
   * client pages with `offset` until `offset + limit >= total`.
   * @summary List customers
   * @param offset How many customers to skip.
   * @param limit Page size, 1 to 100.
   * @isInt offset
   * @minimum offset 0
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   */
  @Security('oauth2', ['system.erp.read'])
  @Get()
  @Example<CustomerPage>(customerPageExample)
  @Response<ProblemDetails>(400, 'A query parameter is invalid (named in `errors`)', validationProblemExample, PROBLEM_JSON)
  public async listCustomers(@Query() offset: number = 0, @Query() limit: number = 20): Promise<CustomerPage> {
    return this.erp.listCustomers(offset, limit);
  }

  /**
   * Reads one customer: name and address, the terms it buys on in the distributor's sales area, and the ship-to
   * parties orders may be delivered to.
   * @summary Read a customer
   * @param customerNumber The ERP customer number, 10 digits with leading zeros.
   */
  @Security('oauth2', ['system.erp.read'])
  @Get('{customerNumber}')
  @Example<Customer>(customerExample)
  @Response<ProblemDetails>(400, 'The customer number is malformed', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such customer in the sales area', customerNotFoundExample, PROBLEM_JSON)
  public async getCustomer(@Path() customerNumber: CustomerNumber): Promise<Customer> {
    return this.erp.getCustomer(customerNumber);
  }

  /**
   * The customer's net price of one base unit of each material, as the ERP would price it on an order today:
   * the customer's contract price where there is one, else the price list's. Nothing is stored in the ERP.
   * Repeat `material` for several materials: `?material=TG-10001&material=TG-10002`.
   * @summary Price materials for a customer
   * @param customerNumber The ERP customer number, 10 digits with leading zeros.
   * @param material Material numbers to price, 1 to 50.
   * @minItems material 1
   * @maxItems material 50
   */
  @Security('oauth2', ['system.erp.read'])
  @Get('{customerNumber}/prices')
  @Example<CustomerPriceList>(priceListExample)
  @Response<ProblemDetails>(400, 'The customer number or a material is malformed, or there are no or too many materials', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such customer', customerNotFoundExample, PROBLEM_JSON)
  @Response<ProblemDetails>(422, 'A material does not exist (each one named in `errors`), or the ERP cannot price it', unknownMaterialProblemExample, PROBLEM_JSON)
  public async getCustomerPrices(@Path() customerNumber: CustomerNumber, @Query() material: MaterialNumber[]): Promise<CustomerPriceList> {
    return this.erp.getCustomerPrices(customerNumber, material);
  }
}
