/** Routes of the customer orders API v2 for availability. */
import type { Request as ExpressRequest } from 'express';
import { Controller, Get, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { CustomerDocumentService } from '../customer-document-service';
import type { AvailabilityList } from './document-models';

const UNAUTHENTICATED = 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)';

@Route('availability')
@Tags('Availability')
export class CustomerAvailabilityV2Controller extends Controller {
  constructor(private readonly documents: CustomerDocumentService) {
    super();
  }

  /**
   * What we can promise of 1 to 50 items now, in each item's base unit: the total over our warehouses, and the
   * earliest day more is due. Per-warehouse numbers are shown only when your configuration allows it. SKUs we do not
   * know are listed in `unknownSkus`.
   * @summary Check availability
   * @param sku Our item numbers (SKUs), 1 to 50: repeat the parameter (`?sku=TG-10001&sku=TG-10002`).
   */
  @Security('oauth2', ['partner.orders.read'])
  @Get()
  @Response<ProblemDetails>(400, 'No SKU, more than 50, or a malformed one; `errors` names them', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.read', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out, retry later', undefined, PROBLEM_JSON)
  public async getAvailability(@Query() sku: string[], @Request() request: ExpressRequest): Promise<AvailabilityList> {
    return this.documents.availability(sku, callerOf(request));
  }
}
