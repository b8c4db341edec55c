/** Routes of the ERP system API v1 for items: the catalogue (by material or GTIN) and availability per plant. */
import { Controller, Example, Get, Path, Query, Response, Route, Tags, Security } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { ErpAdapter } from '../adapters/erp-adapter';
import {
  availabilityExample,
  badGatewayExample,
  itemExample,
  itemNotFoundExample,
  itemPageExample,
  timeoutExample,
  unavailableExample,
  validationProblemExample,
} from './examples';
import type { Availability, Gtin, Item, ItemPage, MaterialNumber, PlantId } from './models';

/**
 * Items are the ERP's materials: description, category, base unit and every unit they are sold in (each, case)
 * with its pack size and GTIN. Availability is the ERP's available-to-promise quantity per plant.
 */
@Route('items')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Items')
@Response<ProblemDetails>(502, 'The ERP failed or answered something unusable', badGatewayExample, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'The ERP is down or unreachable; retry later (see `Retry-After` when present)', unavailableExample, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'The ERP did not answer in time', timeoutExample, PROBLEM_JSON)
export class ItemsController extends Controller {
  constructor(private readonly erp: ErpAdapter) {
    super();
  }

  /**
   * Lists items by material number, one page at a time. With `gtin`, lists the items whose each or case carries
   * that GTIN (usually one): GTIN-8, UPC-A, GTIN-13 and GTIN-14 forms of the same number all match, so a partner's
   * 12-digit UPC finds the each whose GTIN-13 is the same number with a leading zero.
   * @summary List or find items
   * @param gtin A GTIN of the each or of a case.
   * @param offset How many items to skip.
   * @param limit Page size, 1 to 100.
   * @isInt offset
   * @minimum offset 0
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   */
  @Security('oauth2', ['system.erp.read'])
  @Get()
  @Example<ItemPage>(itemPageExample)
  @Response<ProblemDetails>(400, 'A query parameter is invalid (named in `errors`)', validationProblemExample, PROBLEM_JSON)
  public async listItems(@Query() gtin?: Gtin, @Query() offset: number = 0, @Query() limit: number = 20): Promise<ItemPage> {
    return this.erp.listItems({ ...(gtin === undefined ? {} : { gtin }), offset, limit });
  }

  /**
   * Reads one item with its units: the base unit first (pack size 1), then every alternative unit with the
   * number of base units it holds.
   * @summary Read an item
   * @param material The ERP material number.
   */
  @Security('oauth2', ['system.erp.read'])
  @Get('{material}')
  @Example<Item>(itemExample)
  @Response<ProblemDetails>(400, 'The material number is malformed', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such item', itemNotFoundExample, PROBLEM_JSON)
  public async getItem(@Path() material: MaterialNumber): Promise<Item> {
    return this.erp.getItem(material);
  }

  /**
   * The quantity available to promise now, in the base unit, in one plant or in every plant the distributor
   * ships from; with the later periods in which more becomes available when a replenishment is due.
   * The ERP computes it on every call: on hand, less what is committed and what open sales orders need.
   * @summary Item availability per plant
   * @param material The ERP material number.
   * @param plant One plant; every plant when absent.
   */
  @Security('oauth2', ['system.erp.read'])
  @Get('{material}/availability')
  @Example<Availability[]>(availabilityExample)
  @Response<ProblemDetails>(400, 'The material or plant is malformed', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such item, or no such plant', itemNotFoundExample, PROBLEM_JSON)
  public async getAvailability(@Path() material: MaterialNumber, @Query() plant?: PlantId): Promise<Availability[]> {
    return this.erp.getAvailability(material, plant);
  }
}
