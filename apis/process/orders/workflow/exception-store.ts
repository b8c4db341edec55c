/**
 * The exceptions queue (dead letters of the workflow): orders whose step failed past its retries, or on an error
 * retrying would not fix, each with the step, the reason, the attempts and the last error. An exception stays OPEN
 * until it is replayed (or superseded, when the order moved on without it); resolved ones are kept for the record.
 * In-process for the embedded default; Redis in redis-exception-store.ts; one suite (test/state/exception-store.test.ts).
 */
import { randomUUID } from 'node:crypto';
import type { OrderStatus, WorkflowStep } from '../v2/models';
import { bucketIndex } from '../order-store';

export type ExceptionStatus = 'OPEN' | 'REPLAYED' | 'SUPERSEDED';

export interface ExceptionRecord {
  /** Opaque id, `exc_` + 32 hex digits. */
  id: string;
  orderId: string;
  partnerId: string;
  orderNumber: string;
  step: WorkflowStep;
  reason: string;
  /** Failed attempts of the step before it landed here (0 for a message that could not be handled at all). */
  attempts: number;
  lastError: string;
  /** The order's status before the exception: a replay puts it back. */
  statusBefore: OrderStatus;
  createdAt: string;
  status: ExceptionStatus;
  resolvedAt?: string;
  /** Who replayed it (a client id). */
  resolvedBy?: string;
}

export type NewException = Omit<ExceptionRecord, 'id' | 'status' | 'resolvedAt' | 'resolvedBy'>;

export interface ExceptionQuery {
  status?: ExceptionStatus;
  step?: WorkflowStep;
  partnerId?: string;
  /** Only exceptions created at or after this time. */
  since?: Date;
  limit: number;
}

export interface ExceptionStore {
  open(exception: NewException): Promise<ExceptionRecord>;
  get(id: string): Promise<ExceptionRecord | undefined>;
  /** Newest first. */
  list(query: ExceptionQuery): Promise<ExceptionRecord[]>;
  /** Marks an OPEN exception resolved; false when it was not open (a concurrent replay got there first). */
  resolve(id: string, at: string, as: 'replayed' | 'superseded', by?: string): Promise<boolean>;
  /** Exceptions opened in each of `buckets` consecutive spans of `bucketMs` from `from`, whatever their status now. */
  countCreated(from: Date, bucketMs: number, buckets: number): Promise<number[]>;
}

export function newExceptionId(): string {
  return `exc_${randomUUID().replaceAll('-', '')}`;
}

export function matchesException(exception: ExceptionRecord, query: ExceptionQuery): boolean {
  return (
    (query.status === undefined || exception.status === query.status) &&
    (query.step === undefined || exception.step === query.step) &&
    (query.partnerId === undefined || exception.partnerId === query.partnerId) &&
    (query.since === undefined || Date.parse(exception.createdAt) >= query.since.getTime())
  );
}

export function resolvedStatus(as: 'replayed' | 'superseded'): ExceptionStatus {
  return as === 'replayed' ? 'REPLAYED' : 'SUPERSEDED';
}

export class InMemoryExceptionStore implements ExceptionStore {
  private readonly byId = new Map<string, ExceptionRecord>();

  async open(exception: NewException): Promise<ExceptionRecord> {
    const record: ExceptionRecord = { ...exception, id: newExceptionId(), status: 'OPEN' };
    this.byId.set(record.id, record);
    return structuredClone(record);
  }

  async get(id: string): Promise<ExceptionRecord | undefined> {
    const record = this.byId.get(id);
    return record && structuredClone(record);
  }

  async list(query: ExceptionQuery): Promise<ExceptionRecord[]> {
    return [...this.byId.values()]
      .filter((exception) => matchesException(exception, query))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1))
      .slice(0, query.limit)
      .map((exception) => structuredClone(exception));
  }

  async countCreated(from: Date, bucketMs: number, buckets: number): Promise<number[]> {
    const counts = new Array<number>(buckets).fill(0);
    for (const exception of this.byId.values()) {
      const index = bucketIndex(Date.parse(exception.createdAt), from.getTime(), bucketMs, buckets);
      if (index >= 0) counts[index] = (counts[index] ?? 0) + 1;
    }
    return counts;
  }

  async resolve(id: string, at: string, as: 'replayed' | 'superseded', by?: string): Promise<boolean> {
    const record = this.byId.get(id);
    if (!record || record.status !== 'OPEN') return false;
    Object.assign(record, { status: resolvedStatus(as), resolvedAt: at, ...(by ? { resolvedBy: by } : {}) });
    return true;
  }
}
