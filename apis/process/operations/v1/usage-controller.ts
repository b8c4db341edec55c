/** Routes of the operations process API v1 for contract usage: who still calls deprecated versions. */
import { Controller, Get, Response, Route, Security, Tags } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { UsageReportService } from '../usage-report-service';
import type { DeprecatedUsageReport } from './models';

@Route('usage')
@Tags('Contract usage')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
export class UsageController extends Controller {
  constructor(private readonly reports: UsageReportService) {
    super();
  }

  /**
   * Every deprecated or retired API version with the clients that still call it: calls counted since deprecation
   * and the last time each was seen, most calls first. For integration architects deciding whom to notify before a
   * sunset.
   * @summary Who still calls deprecated versions
   */
  @Security('oauth2', ['operations.read'])
  @Get('deprecated')
  @Response<ProblemDetails>(503, 'The usage counts cannot be read (the state store is unavailable)', undefined, PROBLEM_JSON)
  public async deprecatedUsage(): Promise<DeprecatedUsageReport> {
    return this.reports.deprecatedUsage();
  }
}
