/** Route of the operations process API v1 for the per-minute activity series of the operations page. */
import { Controller, Get, Query, Response, Route, Security, Tags } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { ActivityService } from '../activity-service';
import type { ActivitySeries } from './models';

@Route('activity')
@Tags('Activity')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
export class ActivityController extends Controller {
  constructor(private readonly activity: ActivityService) {
    super();
  }

  /**
   * The gateway's activity per minute over the last minutes, oldest first, the current minute last: API requests,
   * server and client errors, latency p50/p95 (every instance's requests together), orders received and exceptions
   * opened. Minutes without activity are present with zeros and nulls.
   * @summary Activity per minute
   * @param minutes The window: this many minutes, the current one included, 5 to 180. Default 60.
   * @isInt minutes
   * @minimum minutes 5
   * @maximum minutes 180
   */
  @Security('oauth2', ['operations.read'])
  @Get()
  @Response<ProblemDetails>(400, 'A query parameter is invalid (named in `errors`)', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'The activity cannot be read (the state store is unavailable)', undefined, PROBLEM_JSON)
  public async getActivity(@Query() minutes: number = 60): Promise<ActivitySeries> {
    return this.activity.activity(minutes);
  }
}
