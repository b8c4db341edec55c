/**
 * Where the process tier keeps each order's record while its workflow runs. In-process for the embedded default,
 * Redis when configured (redis-order-store.ts); both pass one suite (test/state/order-store.test.ts).
 *
 * Records change under optimistic concurrency: `save` writes only over the version it read, so two workers (two
 * instances, a replay racing a retry) can never both move an order on. A record with a pending step is in the due
 * index until the step runs, which is how a step whose message was lost in a crash is found again (the sweeper).
 */
import type { ProcessOrder, WorkflowStep } from './v2/models';

/** The next step an order waits for, and the token its message must carry to run it (older messages are stale). */
export interface PendingStep {
  step: WorkflowStep;
  token: string;
  /** When the step is due (after a retry backoff or a polling interval). */
  dueAt: string;
  /** Transient failures of this step so far. */
  failedAttempts: number;
}

/** The stored record: the order as the API shows it, plus the workflow's own bookkeeping. */
export interface OrderRecord extends Omit<ProcessOrder, 'delayed'> {
  /** Incremented by every save; a save over another version fails. */
  version: number;
  pending?: PendingStep;
  /** When the order reached its current status (for the per-step SLA). */
  statusSince: string;
}

export interface OrderSearch {
  partnerId?: string;
  orderNumber?: string;
  statuses?: readonly string[];
  /** Only orders received before this time. */
  receivedBefore?: Date;
  /** Only orders received at or after this time. */
  receivedAfter?: Date;
  limit: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

export interface OrderRecordPage {
  records: OrderRecord[];
  nextCursor?: string;
}

export interface OrderStore {
  /** Stores a new order (version 1); false when the partner already has an order with that order number. */
  insert(record: OrderRecord): Promise<boolean>;
  get(id: string): Promise<OrderRecord | undefined>;
  findByOrderNumber(partnerId: string, orderNumber: string): Promise<OrderRecord | undefined>;
  /**
   * Writes `record` if the stored one still has `record.version`; the record's version is then incremented.
   * False (nothing written) when someone else saved it first.
   */
  save(record: OrderRecord): Promise<boolean>;
  /** Orders newest first, filtered; `limit` records at most per page. */
  search(query: OrderSearch): Promise<OrderRecordPage>;
  /** Ids of orders whose pending step was due before `before`, oldest first. */
  due(before: Date, limit: number): Promise<string[]>;
  /**
   * Orders received in each of `buckets` consecutive spans of `bucketMs` from `from` (the operations page's
   * per-minute series), counted from the receive-time index without reading a record.
   */
  countReceived(from: Date, bucketMs: number, buckets: number): Promise<number[]>;
}

/** Which of `buckets` spans of `bucketMs` from `fromMs` the instant `atMs` falls in, or -1 outside them. */
export function bucketIndex(atMs: number, fromMs: number, bucketMs: number, buckets: number): number {
  const index = Math.floor((atMs - fromMs) / bucketMs);
  return atMs >= fromMs && index < buckets ? index : -1;
}

/** Pages are cut at a (receivedAt, id) position, so orders arriving meanwhile never shift a page. */
export interface SearchPosition {
  receivedAtMs: number;
  id: string;
}

export function encodeCursor(position: SearchPosition): string {
  return Buffer.from(`${position.receivedAtMs}:${position.id}`).toString('base64url');
}

/** The position in a cursor; undefined for anything this store did not make (the caller answers 400). */
export function decodeCursor(cursor: string): SearchPosition | undefined {
  const match = /^(\d{1,15}):([A-Za-z0-9_]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? { receivedAtMs: Number(match[1]), id: match[2]! } : undefined;
}

/** Newest first: later receivedAt first, then the larger id. */
export function isAfterPosition(record: { receivedAt: string; id: string }, position: SearchPosition): boolean {
  const at = Date.parse(record.receivedAt);
  return at < position.receivedAtMs || (at === position.receivedAtMs && record.id < position.id);
}

export function matchesSearch(record: OrderRecord, query: OrderSearch): boolean {
  const at = Date.parse(record.receivedAt);
  return (
    (query.partnerId === undefined || record.source.partnerId === query.partnerId) &&
    (query.orderNumber === undefined || record.orderNumber === query.orderNumber) &&
    (query.statuses === undefined || query.statuses.length === 0 || query.statuses.includes(record.status)) &&
    (query.receivedBefore === undefined || at < query.receivedBefore.getTime()) &&
    (query.receivedAfter === undefined || at >= query.receivedAfter.getTime())
  );
}

export class InMemoryOrderStore implements OrderStore {
  private readonly byId = new Map<string, OrderRecord>();
  private readonly idByOrderNumber = new Map<string, string>();

  private static key(partnerId: string, orderNumber: string): string {
    return JSON.stringify([partnerId, orderNumber]);
  }

  async insert(record: OrderRecord): Promise<boolean> {
    const key = InMemoryOrderStore.key(record.source.partnerId, record.orderNumber);
    if (this.idByOrderNumber.has(key)) return false;
    this.idByOrderNumber.set(key, record.id);
    record.version = 1;
    this.byId.set(record.id, structuredClone(record));
    return true;
  }

  async get(id: string): Promise<OrderRecord | undefined> {
    const record = this.byId.get(id);
    return record && structuredClone(record);
  }

  async findByOrderNumber(partnerId: string, orderNumber: string): Promise<OrderRecord | undefined> {
    const id = this.idByOrderNumber.get(InMemoryOrderStore.key(partnerId, orderNumber));
    return id === undefined ? undefined : this.get(id);
  }

  async save(record: OrderRecord): Promise<boolean> {
    const stored = this.byId.get(record.id);
    if (!stored || stored.version !== record.version) return false;
    record.version += 1;
    this.byId.set(record.id, structuredClone(record));
    return true;
  }

  async countReceived(from: Date, bucketMs: number, buckets: number): Promise<number[]> {
    const counts = new Array<number>(buckets).fill(0);
    for (const record of this.byId.values()) {
      const index = bucketIndex(Date.parse(record.receivedAt), from.getTime(), bucketMs, buckets);
      if (index >= 0) counts[index] = (counts[index] ?? 0) + 1;
    }
    return counts;
  }

  async search(query: OrderSearch): Promise<OrderRecordPage> {
    const position = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const matching = [...this.byId.values()]
      .filter((record) => matchesSearch(record, query) && (!position || isAfterPosition(record, position)))
      .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || (a.id < b.id ? 1 : -1));
    const records = matching.slice(0, query.limit).map((record) => structuredClone(record));
    const last = records.at(-1);
    return matching.length > query.limit && last ? { records, nextCursor: encodeCursor({ receivedAtMs: Date.parse(last.receivedAt), id: last.id }) } : { records };
  }

  async due(before: Date, limit: number): Promise<string[]> {
    return [...this.byId.values()]
      .filter((record) => record.pending && Date.parse(record.pending.dueAt) < before.getTime())
      .sort((a, b) => Date.parse(a.pending!.dueAt) - Date.parse(b.pending!.dueAt))
      .slice(0, limit)
      .map((record) => record.id);
  }
}
