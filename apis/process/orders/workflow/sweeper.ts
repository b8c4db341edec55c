/**
 * Finds orders whose pending step is overdue and publishes the step again. Steps are published after their order is
 * saved, so a crash (or a bus outage) between the two leaves an order that no message will ever move: it stays in
 * the store's due index, and this is what moves it. Every instance sweeps; duplicates are harmless because a step
 * message runs only while its token is the order's pending one, under the order's lease.
 */
import type { Logger } from '../../../../gateway/logger';
import type { OrderStore } from '../order-store';
import type { WorkflowEngine } from './engine';
import { describeFailure } from './failures';

export interface SweeperOptions {
  store: OrderStore;
  engine: WorkflowEngine;
  /** How often to look. */
  intervalMs: number;
  /** How overdue a step must be before it counts as lost: longer than a step's message normally waits on the bus. */
  graceMs: number;
  logger: Logger;
  clock?: () => Date;
}

/** Orders republished per sweep at most; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

export class Sweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly options: SweeperOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep; answers how many orders were republished. */
  async sweep(): Promise<number> {
    const now = (this.options.clock ?? (() => new Date()))();
    try {
      const ids = await this.options.store.due(new Date(now.getTime() - this.options.graceMs), SWEEP_BATCH);
      for (const id of ids) await this.options.engine.republish(id);
      if (ids.length > 0) this.options.logger.info('overdue workflow steps published again', { orders: ids.length });
      return ids.length;
    } catch (error) {
      this.options.logger.warn('sweep failed; the next one tries again', { error: describeFailure(error) });
      return 0;
    }
  }
}
