/** Your outbox: the 855, 856 and 810 of your orders and our 997/999/TA1 answers, to list, fetch as X12 and confirm. */
import type { Request as ExpressRequest } from 'express';
import { Controller, Get, Path, Post, Produces, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { EdiChannelService } from '../edi-channel-service';
import { toEdiDocument } from './document-views';
import type { EdiDocument, EdiDocumentFilter, EdiDocumentList } from './models';
import { sendX12, wantsX12 } from './x12-response';

const UNAUTHENTICATED = 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)';

@Route('documents')
@Tags('Documents')
export class DocumentsController extends Controller {
  constructor(private readonly edi: EdiChannelService) {
    super();
  }

  /**
   * Lists the documents we made for you, oldest first: poll with `since` set to the `createdAt` of the last one you
   * took. `overdue=true` lists only the 855/856/810 we have no 997/999 of after the agreed time.
   * @summary List your outbound documents
   * @param type Only documents of this type.
   * @param since Only documents made at or after this time (ISO 8601 date-time).
   * @param overdue Only 855/856/810 still awaiting your 997/999 past the agreed time.
   * @param limit At most this many documents (1-500, default 100).
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 500
   */
  @Security('oauth2', ['partner.edi'])
  @Get()
  @Response<ProblemDetails>(400, 'A query parameter is malformed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The token lacks partner.edi, or your client has no EDI partner profile', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  public async listDocuments(
    @Request() request: ExpressRequest,
    @Query() type?: EdiDocumentFilter,
    @Query() since?: Date,
    @Query() overdue?: boolean,
    @Query() limit?: number,
  ): Promise<EdiDocumentList> {
    const documents = await this.edi.listDocuments(callerOf(request), { ...(type ? { type } : {}), ...(since ? { since } : {}), ...(overdue ? { overdue } : {}), limit: limit ?? 100 });
    return { documents: documents.map((document) => toEdiDocument(document, this.edi.isOverdue(document))) };
  }

  /**
   * Reads one of your documents: its X12 interchange with `Accept: application/edi-x12` (or `text/plain`), its
   * record as JSON otherwise.
   * @summary Fetch a document
   * @param documentId The document's `id` from the list.
   */
  @Security('oauth2', ['partner.edi'])
  @Get('{documentId}')
  @Produces('application/json')
  @Produces('application/edi-x12')
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The token lacks partner.edi, or your client has no EDI partner profile', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such document among yours', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  public async getDocument(@Path() documentId: string, @Request() request: ExpressRequest): Promise<EdiDocument> {
    const document = await this.edi.getDocument(callerOf(request), documentId);
    const view = toEdiDocument(document, this.edi.isOverdue(document));
    if (wantsX12(request)) sendX12(request, 200, document.x12);
    return view;
  }

  /**
   * Confirms you fetched a document, so we stop offering it as new to your operations staff. Confirming again
   * changes nothing. Your 997/999, sent as an interchange, is what accepts or rejects it.
   * @summary Confirm receipt of a document
   * @param documentId The document's `id` from the list.
   */
  @Security('oauth2', ['partner.edi'])
  @Post('{documentId}/receipt')
  @SuccessResponse(200, 'The document with its receipt time')
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The token lacks partner.edi, or your client has no EDI partner profile', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such document among yours', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  public async confirmReceipt(@Path() documentId: string, @Request() request: ExpressRequest): Promise<EdiDocument> {
    const document = await this.edi.acknowledgeReceipt(callerOf(request), documentId);
    return toEdiDocument(document, this.edi.isOverdue(document));
  }
}
