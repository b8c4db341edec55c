/** Route of the operations process API v1 for the order-to-cash KPIs. */
import { Controller, Get, Query, Response, Route, Security, Tags } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { KpiService } from '../kpi-service';
import type { Kpis } from './models';

@Route('kpis')
@Tags('KPIs')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
export class KpisController extends Controller {
  constructor(private readonly kpis: KpiService) {
    super();
  }

  /**
   * Order latency (received to posted, to shipped) p50/p95, orders per status and delayed, open exceptions per
   * step and partner, validation failure rate per partner, acknowledgement/ASN/invoice counts, inventory feed
   * ages per warehouse (stale ones flagged), circuit breakers and workflow queues.
   * @summary Order-to-cash KPIs
   * @param hours The window: orders received in the last this many hours, 1 to 720. Default 24.
   * @isInt hours
   * @minimum hours 1
   * @maximum hours 720
   */
  @Security('oauth2', ['operations.read'])
  @Get()
  @Response<ProblemDetails>(400, 'A query parameter is invalid (named in `errors`)', undefined, PROBLEM_JSON)
  public async getKpis(@Query() hours: number = 24): Promise<Kpis> {
    return this.kpis.kpis(hours);
  }
}
