/**
 * The exceptions queue as operators see it: list and read exceptions, replay one, or replay every open one matching
 * a filter. A replay resumes the order at the step that failed, with fresh retries; the exception is kept, marked
 * REPLAYED with who did it and when.
 */
import { GatewayError, notFound } from '../../../gateway/errors';
import type { WorkflowEngine } from '../orders/workflow/engine';
import type { ExceptionQuery, ExceptionRecord, ExceptionStore } from '../orders/workflow/exception-store';
import type { BulkReplayRequest, BulkReplayResult, OrderException, ReplayResult } from './v1/models';

function toView(exception: ExceptionRecord): OrderException {
  const { statusBefore: _statusBefore, ...view } = exception;
  return view;
}

export class ExceptionsService {
  constructor(
    private readonly exceptions: ExceptionStore,
    private readonly engine: WorkflowEngine,
  ) {}

  async list(query: ExceptionQuery): Promise<OrderException[]> {
    return (await this.exceptions.list(query)).map(toView);
  }

  async get(id: string): Promise<OrderException> {
    const exception = await this.exceptions.get(id);
    if (!exception) throw notFound('Exception', id);
    return toView(exception);
  }

  async replay(id: string, by: string): Promise<ReplayResult> {
    const exception = await this.exceptions.get(id);
    if (!exception) throw notFound('Exception', id);
    const outcome = await this.engine.replay(id, by);
    if (outcome === 'not-open') {
      const current = await this.exceptions.get(id);
      throw new GatewayError('ERR_CONFLICT', `Exception ${id} is ${current?.status ?? 'gone'}: there is nothing to replay`);
    }
    return { exceptionId: id, orderId: exception.orderId, step: exception.step };
  }

  /** Replays the open exceptions matching the filter, newest first, up to `limit`. */
  async replayMatching(request: BulkReplayRequest, by: string): Promise<BulkReplayResult> {
    const matching = await this.exceptions.list({
      status: 'OPEN',
      limit: request.limit ?? 100,
      ...(request.step ? { step: request.step } : {}),
      ...(request.partnerId ? { partnerId: request.partnerId } : {}),
      ...(request.since ? { since: new Date(request.since) } : {}),
    });
    const replayed: ReplayResult[] = [];
    let skipped = 0;
    for (const exception of matching) {
      if ((await this.engine.replay(exception.id, by)) === 'replayed') replayed.push({ exceptionId: exception.id, orderId: exception.orderId, step: exception.step });
      else skipped += 1;
    }
    return { replayed, skipped };
  }
}
