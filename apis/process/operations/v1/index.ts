/** The operations process API v1: its controllers, one per request, wired to the services they need. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { UsageReportService } from '../usage-report-service';
import { UsageController } from './usage-controller';

export function createControllers(deps: { usageReports: UsageReportService }): ControllerFactory[] {
  return [() => new UsageController(deps.usageReports)];
}
