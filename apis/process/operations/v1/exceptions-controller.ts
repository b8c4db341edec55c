/** Routes of the operations process API v1 for the exceptions queue: list, read, replay one, replay many. */
import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Get, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { ExceptionsService } from '../exceptions-service';
import type { BulkReplayRequest, BulkReplayResult, ExceptionList, ExceptionStatus, OrderException, ReplayResult, WorkflowStep } from './models';

@Route('exceptions')
@Tags('Exceptions')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
export class ExceptionsController extends Controller {
  constructor(private readonly exceptions: ExceptionsService) {
    super();
  }

  /**
   * The exceptions queue, newest first: orders whose workflow step failed past its retries, or on an error
   * retrying would not fix, with the step, the reason, the attempts and the last error.
   * @summary List exceptions
   * @param status Only exceptions in this status (OPEN: waiting for a replay).
   * @param step Only exceptions of this step.
   * @param partnerId Only this partner's.
   * @param limit At most this many, 1 to 500.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 500
   */
  @Security('oauth2', ['operations.read'])
  @Get()
  @Response<ProblemDetails>(400, 'A query parameter is invalid (named in `errors`)', undefined, PROBLEM_JSON)
  public async listExceptions(@Query() status?: ExceptionStatus, @Query() step?: WorkflowStep, @Query() partnerId?: string, @Query() limit: number = 100): Promise<ExceptionList> {
    return {
      exceptions: await this.exceptions.list({ limit, ...(status ? { status } : {}), ...(step ? { step } : {}), ...(partnerId ? { partnerId } : {}) }),
    };
  }

  /**
   * One exception: its order, the step that failed, the reason, the attempts, the last error, and whether and by
   * whom it was replayed.
   * @summary Read an exception
   * @param exceptionId The exception's id (`id` in the list).
   */
  @Security('oauth2', ['operations.read'])
  @Get('{exceptionId}')
  @Response<ProblemDetails>(404, 'No such exception', undefined, PROBLEM_JSON)
  public async getException(@Path() exceptionId: string): Promise<OrderException> {
    return this.exceptions.get(exceptionId);
  }

  /**
   * Resumes the order at the step that failed, with fresh retries. The exception is kept, marked REPLAYED.
   * @summary Replay an exception
   * @param exceptionId The id of the OPEN exception to replay (`id` in the list).
   */
  @Security('oauth2', ['operations.write'])
  @Post('{exceptionId}/replay')
  @SuccessResponse(202, 'The step runs again')
  @Response<ProblemDetails>(404, 'No such exception', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(409, 'The exception is not open (replayed or superseded already)', undefined, PROBLEM_JSON)
  public async replayException(@Path() exceptionId: string, @Request() request: ExpressRequest): Promise<ReplayResult> {
    this.setStatus(202);
    return this.exceptions.replay(exceptionId, callerOf(request).clientId);
  }

  /**
   * Replays every open exception matching the filter (newest first, up to `limit`): after a platform outage,
   * one call resumes every order it stopped.
   * @summary Replay exceptions by filter
   * @param body The filter (failed step, partner, since when, at most how many); `{}` replays the newest 100 open exceptions.
   * @example body {"step":"post","partnerId":"acme","since":"2026-11-28T08:00:00.000Z","limit":100}
   */
  @Security('oauth2', ['operations.write'])
  @Post('replay')
  @SuccessResponse(202, 'The matching exceptions run again')
  @Response<ProblemDetails>(400, 'The filter is invalid (named in `errors`)', undefined, PROBLEM_JSON)
  public async replayExceptions(@Body() body: BulkReplayRequest, @Request() request: ExpressRequest): Promise<BulkReplayResult> {
    this.setStatus(202);
    return this.exceptions.replayMatching(body, callerOf(request).clientId);
  }
}
