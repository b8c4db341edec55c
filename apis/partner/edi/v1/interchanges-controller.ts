/** Interchanges from a trading partner: answered at once with the 997/999 or TA1, in X12. */
import type { Request as ExpressRequest } from 'express';
import { Body, Consumes, Controller, Post, Produces, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { EdiChannelService } from '../edi-channel-service';
import type { X12Interchange } from './models';
import { sendX12 } from './x12-response';

const UNAUTHENTICATED = 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)';

@Route('interchanges')
@Tags('Interchanges')
export class InterchangesController extends Controller {
  constructor(private readonly edi: EdiChannelService) {
    super();
  }

  /**
   * Sends us an X12 interchange (850 purchase orders, 997/999 acknowledgments of our documents). We answer at once
   * with your acknowledgment in X12: a 997 (or 999, as your profile says) per functional group, and a TA1 when you
   * ask for one (ISA14=1) or the envelope is rejected (a duplicate ISA13 within the agreed window is TA1 025).
   * Accepted 850s become orders; a purchase order you already sent is acknowledged again but never ordered twice.
   * Test interchanges (ISA15=T) are checked and acknowledged but never posted to a production ERP. The 855, 856 and
   * 810 follow in your outbox (`GET /documents`). An interchange carrying only acknowledgments is answered with 204.
   * @summary Send an interchange
   * @param body The interchange, as text (`application/edi-x12` or `text/plain`).
   * @example body "ISA*00*          *00*          *ZZ*ACMEHOSP       *ZZ*DISTGATEWAY    *261128*0930*U*00401*000000905*0*P*>~GS*PO*ACMEHOSP*DISTGATEWAY*20261128*0930*905*X*004010~ST*850*0001~BEG*00*SA*PO-ACME-1001**20261128~PO1*1*2*CA***VP*TG-10001~CTT*1~SE*5*0001~GE*1*905~IEA*1*000000905~"
   */
  @Security('oauth2', ['partner.edi'])
  @Post()
  @Consumes('application/edi-x12')
  @Produces('application/edi-x12')
  @SuccessResponse(200, 'Our acknowledgment of your interchange, in X12 with your separators and version', 'application/edi-x12')
  @Response(204, 'Nothing to acknowledge: the interchange carried only acknowledgments')
  @Response<ProblemDetails>(400, 'The body is empty', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The token lacks partner.edi, or your client has no EDI partner profile', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The interchange is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not application/edi-x12 or text/plain', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(502, 'Our systems failed; nothing was accepted, send the interchange again', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable; nothing was accepted, send the interchange again later', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(504, 'Our systems timed out; nothing was accepted, send the interchange again later', undefined, PROBLEM_JSON)
  public async sendInterchange(@Body() body: X12Interchange, @Request() request: ExpressRequest): Promise<string> {
    const result = await this.edi.receiveInterchange(callerOf(request), body);
    if (!result.reply) return sendX12(request, 204, '');
    return sendX12(request, 200, result.reply.x12);
  }
}
