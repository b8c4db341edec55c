/** Routes of the WMS system API v1 for releases: hand a sales order to a warehouse, follow it, read its shipments. */
import { Body, Controller, Example, Get, Path, Post, Response, Route, SuccessResponse, Tags, Security } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { WmsAdapter } from '../adapters/wms-adapter';
import {
  badGatewayExample,
  conflictExample,
  internalExample,
  refusedExample,
  releaseExample,
  releaseNotFoundExample,
  shipmentExample,
  timeoutExample,
  unavailableExample,
  validationProblemExample,
} from './examples';
import type { OrderRelease, OrderReleaseCreate, ReleaseId, ShipmentConfirmation } from './models';

/**
 * Releases: sales orders handed to a warehouse for picking, packing and shipping. A sales order is released once,
 * and its release is then read by its `releaseId` until its shipments are confirmed.
 */
@Route('releases')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Releases')
@Response<ProblemDetails>(500, 'The gateway failed unexpectedly', internalExample, PROBLEM_JSON)
@Response<ProblemDetails>(502, 'The WMS failed, refused the gateway\'s credentials, or answered something unusable', badGatewayExample, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'The WMS is down or unreachable; retry later', unavailableExample, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'The WMS did not answer in time', timeoutExample, PROBLEM_JSON)
export class ReleasesController extends Controller {
  constructor(private readonly wms: WmsAdapter) {
    super();
  }

  /**
   * Releases a sales order to a warehouse. The whole release ships from that warehouse; lines keep their line
   * numbers verbatim, and every handling unit names the lines it carries.
   *
   * A sales order is released once: a second release answers 409. When the WMS's answer is lost (timeout), the
   * gateway looks the release up before answering, so a 504 means it is not there; after a 502/503/504, GET
   * /releases/{salesOrderNumber} tells whether it arrived before sending it again.
   * @summary Release a sales order to a warehouse
   * @param body The sales order, its ship-to, its warehouse and the lines to fulfil.
   * @example body {"salesOrderNumber":"1000001","customerPurchaseOrderNumber":"PO-4711","shipTo":{"name":"Globex Facilities Group - Main DC","lines":["4951 Logistics Way"],"city":"Columbus","region":"OH","postalCode":"43215","country":"US"},"warehouse":"1010","requestedShipDate":"2026-12-01","lines":[{"lineNumber":"10","material":"TG-10001","quantity":{"value":"1","uom":"CS"}},{"lineNumber":"20","material":"TG-10002","quantity":{"value":"5","uom":"EA"}}]}
   */
  @Security('oauth2', ['system.wms.write'])
  @Post()
  @SuccessResponse<{ Location: string }>(201, 'Released; `Location` is the release\'s URL')
  @Example<OrderRelease>(releaseExample)
  @Response<ProblemDetails>(400, 'The body is malformed: a field is missing, invalid, or unknown (each named in `errors`)', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(409, 'The sales order was already released', conflictExample, PROBLEM_JSON)
  @Response<ProblemDetails>(413, 'The body is too large', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(
    422,
    'The WMS refused the release: unknown material or warehouse, a unit it lacks (in its own words, named in `errors` where it says which)',
    refusedExample,
    PROBLEM_JSON,
  )
  public async createRelease(@Body() body: OrderReleaseCreate): Promise<OrderRelease> {
    const created = await this.wms.createRelease(body);
    this.setHeader('Location', `/system/wms/v1/releases/${encodeURIComponent(created.releaseId)}`);
    return created;
  }

  /**
   * Reads a release: its status in the warehouse and its lines.
   * @summary Read a release
   * @param releaseId The release's id (today the sales order number).
   */
  @Security('oauth2', ['system.wms.read'])
  @Get('{releaseId}')
  @Example<OrderRelease>(releaseExample)
  @Response<ProblemDetails>(400, 'The release id is malformed', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such release', releaseNotFoundExample, PROBLEM_JSON)
  public async getRelease(@Path() releaseId: ReleaseId): Promise<OrderRelease> {
    return this.wms.getRelease(releaseId);
  }

  /**
   * The confirmations of the release's shipments that left the warehouse, with carrier, tracking and every
   * pallet and carton (SSCC) with its contents by line. Empty until the first shipment leaves.
   * @summary List a release's shipment confirmations
   * @param releaseId The release's id (today the sales order number).
   */
  @Security('oauth2', ['system.wms.read'])
  @Get('{releaseId}/shipments')
  @Example<ShipmentConfirmation[]>([shipmentExample])
  @Response<ProblemDetails>(400, 'The release id is malformed', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such release', releaseNotFoundExample, PROBLEM_JSON)
  public async listReleaseShipments(@Path() releaseId: ReleaseId): Promise<ShipmentConfirmation[]> {
    return this.wms.listShipments(releaseId);
  }
}
