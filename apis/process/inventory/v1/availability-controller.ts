/** Routes of the inventory process API v1 for availability: one item, or several at once, per warehouse. */
import { Controller, Example, Get, Path, Query, Response, Route, Security, Tags } from '@tsoa/runtime';
import { notFound } from '../../../../gateway/errors';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { InventoryService } from '../inventory-service';
import { itemAvailabilityExample } from './examples';
import type { ItemAvailability, MaterialNumber } from './models';

/**
 * Availability per item and warehouse, merged from the WMS (on hand, available, committed, incoming) and the ERP
 * (available to promise, replenishments due), in the item's base unit (EA), with when each source was read.
 */
@Route()
@Tags('Availability')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(502, 'The ERP or the WMS failed, or answered something unusable', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'The ERP or the WMS is unavailable; retry later', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'The ERP or the WMS did not answer in time', undefined, PROBLEM_JSON)
export class AvailabilityController extends Controller {
  constructor(private readonly inventory: InventoryService) {
    super();
  }

  /**
   * An item's availability in every warehouse the WMS holds a record of it in: the WMS's on hand, available,
   * committed and incoming quantities, the ERP's available-to-promise at the warehouse's plant, what can be
   * promised to a new order (the smaller of the two), the day the ERP expects a replenishment, and when each
   * warehouse's numbers were read (`stale` once they are older than the configured limit). Quantities are in the
   * item's base unit (EA).
   * @summary Availability of an item per warehouse
   * @param material The ERP material number (the WMS SKU).
   */
  @Security('oauth2', ['process.inventory.read'])
  @Get('items/{material}/availability')
  @Example<ItemAvailability>(itemAvailabilityExample)
  @Response<ProblemDetails>(400, 'The material number is malformed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'The ERP does not know the item', undefined, PROBLEM_JSON)
  public async getItemAvailability(@Path() material: MaterialNumber): Promise<ItemAvailability> {
    const availability = await this.inventory.availability(material);
    if (!availability) throw notFound('Item', material);
    return availability;
  }

  /**
   * The availability of up to 50 items at once, in the order asked (a material asked twice answers once), each
   * as `GET /items/{material}/availability` answers it. Items the ERP does not know are left out of the list.
   * @summary Availability of several items
   * @param material The ERP material numbers, 1 to 50: `?material=TG-10001&material=TG-10002`.
   * @minItems material 1
   * @maxItems material 50
   */
  @Security('oauth2', ['process.inventory.read'])
  @Get('availability')
  @Example<ItemAvailability[]>([itemAvailabilityExample])
  @Response<ProblemDetails>(400, 'No material, more than 50, or a malformed one (named in `errors`)', undefined, PROBLEM_JSON)
  public async listAvailability(@Query() material: MaterialNumber[]): Promise<ItemAvailability[]> {
    return this.inventory.availabilityOf(material);
  }
}
