/** Routes of the WMS system API v1 for shipments: one confirmed shipment by its WMS id. */
import { Example, Get, Path, Response, Route, Tags, Security } from '@tsoa/runtime';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { WmsAdapter } from '../adapters/wms-adapter';
import {
  badGatewayExample,
  internalExample,
  shipmentExample,
  shipmentNotFoundExample,
  timeoutExample,
  unavailableExample,
  validationProblemExample,
} from './examples';
import type { ShipmentConfirmation, ShipmentId } from './models';

/** Shipments that left a warehouse: the facts an advance ship notice (856) is built from. */
@Route('shipments')
@Response<ProblemDetails>(401, 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)', undefined, PROBLEM_JSON)
@Response<ProblemDetails>(403, 'The access token lacks the scope this operation needs (named in `requiredScopes`)', undefined, PROBLEM_JSON)
@Tags('Shipments')
@Response<ProblemDetails>(500, 'The gateway failed unexpectedly', internalExample, PROBLEM_JSON)
@Response<ProblemDetails>(502, 'The WMS failed, refused the gateway\'s credentials, or answered something unusable', badGatewayExample, PROBLEM_JSON)
@Response<ProblemDetails>(503, 'The WMS is down or unreachable; retry later', unavailableExample, PROBLEM_JSON)
@Response<ProblemDetails>(504, 'The WMS did not answer in time', timeoutExample, PROBLEM_JSON)
export class ShipmentsController {
  constructor(private readonly wms: WmsAdapter) {}

  /**
   * Reads the confirmation of a shipment that left the warehouse: carrier, tracking, and every pallet and carton
   * (SSCC) with its contents by release line.
   * @summary Read a shipment confirmation
   * @param shipmentId The WMS's shipment id (from GET /releases/{releaseId}/shipments).
   */
  @Security('oauth2', ['system.wms.read'])
  @Get('{shipmentId}')
  @Example<ShipmentConfirmation>(shipmentExample)
  @Response<ProblemDetails>(400, 'The shipment id is malformed', validationProblemExample, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such shipment, or it has not shipped yet', shipmentNotFoundExample, PROBLEM_JSON)
  public async getShipment(@Path() shipmentId: ShipmentId): Promise<ShipmentConfirmation> {
    return this.wms.getShipment(shipmentId);
  }
}
