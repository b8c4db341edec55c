/** The operations process API v1: its controllers, one per request, wired to the services they need. */
import type { ControllerFactory } from '../../../../gateway/ioc';
import type { ActivityService } from '../activity-service';
import type { ExceptionsService } from '../exceptions-service';
import type { KpiService } from '../kpi-service';
import type { UsageReportService } from '../usage-report-service';
import { ActivityController } from './activity-controller';
import { ExceptionsController } from './exceptions-controller';
import { KpisController } from './kpis-controller';
import { UsageController } from './usage-controller';

export function createControllers(deps: { usageReports: UsageReportService; exceptions: ExceptionsService; kpis: KpiService; activity: ActivityService }): ControllerFactory[] {
  return [
    () => new UsageController(deps.usageReports),
    () => new ExceptionsController(deps.exceptions),
    () => new KpisController(deps.kpis),
    () => new ActivityController(deps.activity),
  ];
}
