/** Types of view-model.js (plain browser JavaScript, served as is), for the unit tests. */
import type { Kpis, OverdueDocumentsKpi } from '../../../apis/process/operations/v1/models';
import type { ChartSeries } from './charts';

export type HealthLevel = 'ok' | 'warn' | 'bad';

export interface PartnerHealthRow {
  partnerId: string;
  orders: number;
  exceptions: number;
  validationFailures: number;
  validationFailureRate: number;
  overdueDocuments: number;
  status: HealthLevel;
}

/** The answer of `GET /process/operations/v1/activity` (the contract the page is built against). */
export interface Activity {
  from: string;
  to: string;
  bucketSeconds: number;
  buckets: Array<{
    start: string;
    requests: number;
    serverErrors: number;
    clientErrors: number;
    latencyMs: { p50: number | null; p95: number | null };
    ordersReceived: number;
    exceptionsOpened: number;
  }>;
}

export interface ActivityCharts {
  times: string[];
  throughput: ChartSeries[];
  latency: ChartSeries[];
  exceptions: ChartSeries[];
}

export declare const HEALTH: Readonly<Record<'exceptions' | 'overdueDocuments' | 'validationFailureRate', { warn: number; bad: number }>>;
export declare function formatAge(iso: string, now: number): string;
export declare function formatSeconds(seconds: number | undefined): string;
export declare function formatMs(ms: number | null | undefined): string;
export declare function formatPercent(rate: number | null | undefined): string;
export declare function healthStatus(figures: Partial<Record<keyof typeof HEALTH, number>>): HealthLevel;
export declare function partnerHealth(kpis: Pick<Kpis, 'partners' | 'exceptions' | 'overdueDocuments'>): PartnerHealthRow[];
export declare function overallValidationFailureRate(kpis: Pick<Kpis, 'partners'>): number | null;
export declare function overdueDocuments(kpis: Pick<Kpis, 'overdueDocuments'>): OverdueDocumentsKpi[];
export declare function activityCharts(activity: Activity | unknown): ActivityCharts;
export declare function problemMessage(status: number, problem: unknown): string;
export declare function tokenErrorMessage(status: number, body: unknown): string;
