/** Routes of the WMS system API v1 for stock: positions per item per warehouse, as the WMS counts them. */
import { Example, Get, Path, Query, Response, Route, Tags, Security } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { WmsAdapter } from '../adapters/wms-adapter';
import {
  badGatewayExample,
  internalExample,
  inventoryPageExample,
  inventoryPositionExample,
  materialNotFoundExample,
  queryProblemExample,
  timeoutExample,
  unavailableExample,
} from './examples';
import type { InventoryPosition, InventoryPositionPage, MaterialNumber, WarehouseId } from './models';

const DEFAULT_LIMIT = 50;

/**
 * Stock in the warehouses, per item and warehouse, in eaches: on hand, committed to released orders, available
 * to promise, backordered and incoming. The WMS counts what is physically there; the ERP's availability (ATP)
 * also knows open sales orders not yet released.
 */
@Route('inventory')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Inventory')
@Response<ProblemDetails>(500, 'The gateway failed unexpectedly', internalExample, PROBLEM_JSON)
@Response<ProblemDetails>(502, 'The WMS failed, refused the gateway\'s credentials, or answered something unusable', badGatewayExample, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'The WMS is down or unreachable; retry later', unavailableExample, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'The WMS did not answer in time', timeoutExample, PROBLEM_JSON)
export class InventoryController {
  constructor(private readonly wms: WmsAdapter) {}

  /**
   * Lists inventory positions, one per item and warehouse, ordered by material, then warehouse.
   * @summary List inventory positions
   * @param material Only this item (ERP material number, the WMS SKU). An unknown material lists nothing.
   * @param warehouse Only this warehouse (ERP plant, WMS fulfillment center).
   * @param offset Index of the first position to answer, from 0. Default 0.
   * @param limit Most positions to answer, 1 to 100. Default 50.
   * @isInt offset
   * @minimum offset 0
   * @maximum offset 1000000
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   */
  @Security('oauth2', ['system.wms.read'])
  @Get()
  @Example<InventoryPositionPage>(inventoryPageExample)
  @Response<ProblemDetails>(400, 'A query parameter is invalid (named in `errors`)', queryProblemExample, PROBLEM_JSON)
  public async listInventory(
    @Query() material?: MaterialNumber,
    @Query() warehouse?: WarehouseId,
    @Query() offset?: number,
    @Query() limit?: number,
  ): Promise<InventoryPositionPage> {
    return this.wms.listInventory({
      ...(material === undefined ? {} : { material }),
      ...(warehouse === undefined ? {} : { warehouse }),
      offset: offset ?? 0,
      limit: limit ?? DEFAULT_LIMIT,
    });
  }

  /**
   * The positions of one item in every warehouse that holds a record of it, ordered by warehouse.
   * @summary Read an item's inventory
   * @param material The ERP material number (the WMS SKU).
   */
  @Security('oauth2', ['system.wms.read'])
  @Get('{material}')
  @Example<InventoryPosition[]>([inventoryPositionExample])
  @Response<ProblemDetails>(400, 'The material number is malformed', queryProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'The WMS does not know the material', materialNotFoundExample, PROBLEM_JSON)
  public async getInventory(@Path() material: MaterialNumber): Promise<InventoryPosition[]> {
    return this.wms.getInventory(material);
  }
}
