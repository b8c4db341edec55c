/** Routes of the inventory process API v1 for feed freshness: how old each warehouse's inventory numbers are. */
import { Controller, Example, Get, Response, Route, Security, Tags } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { InventoryService } from '../inventory-service';
import { feedAgesExample } from './examples';
import type { InventoryFeedAge } from './models';

@Route('feeds')
@Tags('Feeds')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(502, 'The WMS failed, or answered something unusable', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'The WMS is unavailable; retry later', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'The WMS did not answer in time', undefined, PROBLEM_JSON)
export class FeedsController extends Controller {
  constructor(private readonly inventory: InventoryService) {
    super();
  }

  /**
   * Per warehouse, the latest time the WMS reports inventory for, how many seconds ago that was, and whether it is
   * older than the configured limit (`process.inventory.staleAfterSeconds`). For operators watching stale feeds.
   * @summary Age of each warehouse's inventory feed
   */
  @Security('oauth2', ['process.inventory.read'])
  @Get()
  @Example<InventoryFeedAge[]>(feedAgesExample)
  public async listFeedAges(): Promise<InventoryFeedAge[]> {
    return this.inventory.feedAges();
  }
}
