/** The EDI channel API v1: its controllers, one per request, wired to the channel's service. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { EdiChannelService } from '../edi-channel-service';
import { DocumentsController } from './documents-controller';
import { InterchangesController } from './interchanges-controller';

export function createControllers(deps: { edi: EdiChannelService }): ControllerFactory[] {
  return [() => new InterchangesController(deps.edi), () => new DocumentsController(deps.edi)];
}
