/**
 * Runs the order-to-cash workflow one step at a time. Every step is a message on the bus (`orders.steps`) naming
 * the order, the step and a token; the order's record names the one pending step and its token, so a message that
 * arrives twice, late or after a replay is recognised as stale and dropped.
 *
 * Handling a message: take the order's lease (one worker per order, across instances), read the record, run the
 * step, save the record under optimistic concurrency, and only then publish the next step. A crash between the save
 * and the publish loses a message, never an order: the record stays in the due index and the sweeper publishes it
 * again. A step that fails on a transient error is retried with exponential backoff and jitter, bounded; past the
 * retries, or on any other error, the order goes to the exceptions queue with the step, reason, attempts and error.
 */
import { randomUUID } from 'node:crypto';
import type { EventBus, Subscription } from '../../../../gateway/events/ports';
import { newSpanId, newTraceId } from '../../../../gateway/http/trace-headers';
import type { Logger } from '../../../../gateway/logger';
import { runWithRequestContext, type RequestContext } from '../../../../gateway/request-context';
import type { LeaseStore } from '../../../../gateway/state/ports';
import type { OrderRecord, OrderStore } from '../order-store';
import type { OrderStatus, StepRecord, WorkflowStep } from '../v2/models';
import type { ExceptionStore } from './exception-store';
import { describeFailure, isTransient, retryAfterMs } from './failures';

export const STEPS_TOPIC = 'orders.steps';
export const STEPS_GROUP = 'process';

/** A step message: which order, which step, and the token the order's record must still hold. */
export interface StepMessage {
  orderId: string;
  step: WorkflowStep;
  token: string;
}

/** What a step decided. */
export type StepOutcome =
  /** Done; go on with `step`, or the workflow ends here (rejected, or invoiced). */
  | { next?: WorkflowStep; detail?: string }
  /** Not yet (the WMS has not shipped, the ERP has not billed): run this step again after `delayMs`. */
  | { waitMs: number; detail?: string };

/** A step: reads and changes the record (status, lines, documents) and says what comes next. */
export type StepHandler = (record: OrderRecord) => Promise<StepOutcome>;

export interface RetryPolicy {
  /** Attempts of a step before its order goes to the exceptions queue. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface WorkflowEngineOptions {
  store: OrderStore;
  exceptions: ExceptionStore;
  bus: EventBus;
  leases: LeaseStore;
  steps: Readonly<Record<WorkflowStep, StepHandler>>;
  retry: RetryPolicy;
  /** Longest a step may run holding its order; a crashed worker's lease expires after this. */
  leaseMs: number;
  /** Messages handled at once by this instance. */
  concurrency: number;
  logger: Logger;
  clock?: () => Date;
}

/** Exponential backoff with full jitter: a random delay up to base × 2^(attempt-1), capped. */
export function backoffDelay(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How long a held lease makes a message wait before it is tried again. */
const LEASE_BUSY_DELAY_MS = 200;

export class WorkflowEngine {
  private subscription?: Subscription;
  private readonly clock: () => Date;

  constructor(private readonly options: WorkflowEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    this.subscription = this.options.bus.subscribe<StepMessage>(STEPS_TOPIC, STEPS_GROUP, (message) => this.handle(message.payload), {
      concurrency: this.options.concurrency,
      onDeadLetter: (message, error) => this.poisoned(message.payload, error),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
  }

  /** Makes `step` the record's pending step, due after `delayMs`. The caller saves the record, then calls `publish`. */
  schedule(record: OrderRecord, step: WorkflowStep, delayMs = 0, failedAttempts = 0): StepMessage {
    const token = randomUUID();
    record.pending = { step, token, dueAt: new Date(this.clock().getTime() + delayMs).toISOString(), failedAttempts };
    return { orderId: record.id, step, token };
  }

  /** Publishes a scheduled step. A failure is logged, not thrown: the record is due, and the sweeper publishes it again. */
  async publish(message: StepMessage, delayMs = 0): Promise<void> {
    try {
      await this.options.bus.publish(STEPS_TOPIC, message, delayMs > 0 ? { delayMs } : {});
    } catch (error) {
      this.options.logger.warn('step not published; the sweeper will publish it again', { orderId: message.orderId, step: message.step, error: describeFailure(error) });
    }
  }

  /** Publishes the pending step of the order again (the sweeper's job, after a lost message). */
  async republish(orderId: string): Promise<void> {
    const record = await this.options.store.get(orderId);
    if (!record?.pending) return;
    await this.publish({ orderId, step: record.pending.step, token: record.pending.token });
  }

  async handle(message: StepMessage): Promise<void> {
    if (!isStepMessage(message)) throw new Error('not a step message');
    const lease = await this.options.leases.acquire(`order:${message.orderId}`, this.options.leaseMs);
    if (!lease) {
      await this.options.bus.publish(STEPS_TOPIC, message, { delayMs: LEASE_BUSY_DELAY_MS });
      return;
    }
    try {
      const record = await this.options.store.get(message.orderId);
      if (!record?.pending || record.pending.token !== message.token || record.pending.step !== message.step) return; // stale or duplicate
      const step = record.pending.step;
      await runWithRequestContext(stepContext(record), () => this.run(record, step));
    } finally {
      await this.options.leases.release(`order:${message.orderId}`, lease).catch(() => undefined);
    }
  }

  private async run(record: OrderRecord, step: WorkflowStep): Promise<void> {
    const pending = record.pending!;
    const stepRecord = this.stepRecord(record, step);
    let outcome: StepOutcome;
    try {
      outcome = await this.options.steps[step](record);
    } catch (error) {
      const failedAttempts = pending.failedAttempts + 1;
      stepRecord.failedAttempts = failedAttempts;
      stepRecord.lastError = describeFailure(error);
      stepRecord.updatedAt = this.clock().toISOString();
      if (isTransient(error) && failedAttempts < this.options.retry.maxAttempts) {
        const delayMs = Math.max(backoffDelay(failedAttempts, this.options.retry), retryAfterMs(error));
        const next = this.schedule(record, step, delayMs, failedAttempts);
        if (await this.options.store.save(record)) await this.publish(next, delayMs);
        return;
      }
      await this.toExceptions(record, step, failedAttempts, error);
      return;
    }
    stepRecord.updatedAt = this.clock().toISOString();
    // A finished step shows its outcome, not the last thing it said while waiting.
    if (outcome.detail) stepRecord.detail = outcome.detail;
    else if (!('waitMs' in outcome)) delete stepRecord.detail;
    if ('waitMs' in outcome) {
      const next = this.schedule(record, step, outcome.waitMs, 0);
      if (await this.options.store.save(record)) await this.publish(next, outcome.waitMs);
      return;
    }
    stepRecord.state = 'DONE';
    if (!outcome.next) {
      delete record.pending;
      await this.options.store.save(record);
      return;
    }
    const next = this.schedule(record, outcome.next);
    if (await this.options.store.save(record)) await this.publish(next);
  }

  private stepRecord(record: OrderRecord, step: WorkflowStep): StepRecord {
    const now = this.clock().toISOString();
    let found = [...record.steps].reverse().find((candidate) => candidate.step === step && candidate.state !== 'DONE');
    if (!found) {
      found = { step, state: 'WAITING', startedAt: now, updatedAt: now, failedAttempts: 0 };
      record.steps.push(found);
    }
    found.state = 'WAITING';
    return found;
  }

  /** Parks the order in the exceptions queue: no pending step until someone replays it. */
  private async toExceptions(record: OrderRecord, step: WorkflowStep, attempts: number, error: unknown): Promise<void> {
    const now = this.clock().toISOString();
    const reason = isTransient(error)
      ? `Step ${step} failed ${attempts} times on transient errors; retries are spent`
      : `Step ${step} failed on an error that retrying would not fix`;
    const exception = await this.options.exceptions.open({
      orderId: record.id,
      partnerId: record.source.partnerId,
      orderNumber: record.orderNumber,
      step,
      reason,
      attempts,
      lastError: describeFailure(error),
      statusBefore: record.status,
      createdAt: now,
    });
    const stepRecord = this.stepRecord(record, step);
    stepRecord.state = 'FAILED';
    delete record.pending;
    record.exceptionId = exception.id;
    record.reason = reason;
    setStatus(record, 'EXCEPTION', now, `${reason}: ${describeFailure(error)}`);
    if (!(await this.options.store.save(record))) {
      // Someone moved the order on meanwhile: the exception describes a state that no longer exists.
      await this.options.exceptions.resolve(exception.id, now, 'superseded');
      return;
    }
    this.options.logger.warn('order moved to the exceptions queue', { orderId: record.id, step, attempts, exceptionId: exception.id });
  }

  /** A step message that kept failing outside any step (unreadable, or the store failed every time). */
  private async poisoned(message: unknown, error: unknown): Promise<void> {
    this.options.logger.error('step message dead-lettered', { message: isStepMessage(message) ? message : 'unreadable', error: describeFailure(error) });
    if (!isStepMessage(message)) return;
    const record = await this.options.store.get(message.orderId).catch(() => undefined);
    if (record?.pending?.token === message.token) await this.toExceptions(record, message.step, 0, error).catch(() => undefined);
  }

  /** Takes an order out of the exceptions queue: its failed step runs again from the start, with fresh retries. */
  async replay(exceptionId: string, by: string): Promise<'replayed' | 'not-found' | 'not-open'> {
    const exception = await this.options.exceptions.get(exceptionId);
    if (!exception) return 'not-found';
    if (exception.status !== 'OPEN') return 'not-open';
    const record = await this.options.store.get(exception.orderId);
    const now = this.clock().toISOString();
    if (!record || record.exceptionId !== exceptionId) {
      await this.options.exceptions.resolve(exceptionId, now, 'superseded');
      return 'not-open';
    }
    delete record.exceptionId;
    delete record.reason;
    setStatus(record, exception.statusBefore, now, `Replayed from the exceptions queue by ${by} at step ${exception.step}`);
    const message = this.schedule(record, exception.step);
    if (!(await this.options.store.save(record))) return 'not-open';
    await this.options.exceptions.resolve(exceptionId, now, 'replayed', by);
    await this.publish(message);
    return 'replayed';
  }
}

export function setStatus(record: OrderRecord, status: OrderStatus, at: string, detail?: string): void {
  record.status = status;
  record.updatedAt = at;
  record.statusSince = at;
  record.history.push({ status, at, ...(detail ? { detail } : {}) });
}

/**
 * What a step's calls carry: the order's correlation id, so every hop of the order shares it whenever and wherever
 * the step runs, and a trace of the step's own. Without this a step runs in whatever context scheduled the bus's
 * delivery: another order's request (the memory bus), or none at all (Redis). No caller: a step is the gateway's own
 * background work, so its calls go as the tiers' service client (audited as such, throttled under its plan; a
 * throttled call is a 5xx to the step and retried), never on behalf of whoever happened to trigger the delivery.
 */
function stepContext(record: OrderRecord): RequestContext {
  return { correlationId: record.correlationId, trace: { traceId: newTraceId(), spanId: newSpanId(), flags: '01' } };
}

function isStepMessage(value: unknown): value is StepMessage {
  const message = value as Partial<StepMessage> | null;
  return typeof message === 'object' && message !== null && typeof message.orderId === 'string' && typeof message.step === 'string' && typeof message.token === 'string';
}
