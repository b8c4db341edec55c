/**
 * Where the process tier keeps each order's processing record. In-process for the embedded default; a Redis
 * implementation behind the same interface comes with the shared-state work, and both must pass one test suite.
 */
import type { ProcessOrder } from './v1/models';

export interface OrderStore {
  /** Stores a new order; false when the partner already has an order with that order number (nothing is written). */
  insert(order: ProcessOrder): Promise<boolean>;
  get(id: string): Promise<ProcessOrder | undefined>;
  findByOrderNumber(partnerId: string, orderNumber: string): Promise<ProcessOrder | undefined>;
  /** Replaces the stored record of an existing order. */
  update(order: ProcessOrder): Promise<void>;
  remove(id: string): Promise<void>;
}

export class InMemoryOrderStore implements OrderStore {
  private readonly byId = new Map<string, ProcessOrder>();
  private readonly idByOrderNumber = new Map<string, string>();

  private static key(partnerId: string, orderNumber: string): string {
    return JSON.stringify([partnerId, orderNumber]);
  }

  async insert(order: ProcessOrder): Promise<boolean> {
    const key = InMemoryOrderStore.key(order.source.partnerId, order.orderNumber);
    if (this.idByOrderNumber.has(key)) return false;
    this.idByOrderNumber.set(key, order.id);
    this.byId.set(order.id, structuredClone(order));
    return true;
  }

  async get(id: string): Promise<ProcessOrder | undefined> {
    const order = this.byId.get(id);
    return order && structuredClone(order);
  }

  async findByOrderNumber(partnerId: string, orderNumber: string): Promise<ProcessOrder | undefined> {
    const id = this.idByOrderNumber.get(InMemoryOrderStore.key(partnerId, orderNumber));
    return id === undefined ? undefined : this.get(id);
  }

  async update(order: ProcessOrder): Promise<void> {
    if (!this.byId.has(order.id)) throw new Error(`order ${order.id} is not stored`);
    this.byId.set(order.id, structuredClone(order));
  }

  async remove(id: string): Promise<void> {
    const order = this.byId.get(id);
    if (!order) return;
    this.byId.delete(id);
    this.idByOrderNumber.delete(InMemoryOrderStore.key(order.source.partnerId, order.orderNumber));
  }
}
