/** The EDI channel's state in process: the embedded single-instance default. */
import { isBusinessDocument, MAX_CONTROL_NUMBER, type ControlNumberKind, type ControlNumberStore, type DocumentAcknowledgement, type EdiOutboxStore, type OutboxDocument, type OutboxQuery, type SeenInterchangeStore } from './ports';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryEdiOutboxStore implements EdiOutboxStore {
  private readonly documents = new Map<string, OutboxDocument>();
  private readonly events = new Set<string>();

  async add(document: OutboxDocument): Promise<boolean> {
    if (document.eventId !== undefined) {
      if (this.events.has(document.eventId)) return false;
      this.events.add(document.eventId);
    }
    this.documents.set(document.id, copy(document));
    return true;
  }

  async get(id: string): Promise<OutboxDocument | undefined> {
    const found = this.documents.get(id);
    return found && copy(found);
  }

  async list(partnerId: string, query: OutboxQuery): Promise<OutboxDocument[]> {
    const since = query.since?.getTime() ?? -Infinity;
    return this.sorted()
      .filter((document) => document.partnerId === partnerId && (query.type === undefined || document.type === query.type) && Date.parse(document.createdAt) >= since)
      .slice(0, query.limit)
      .map(copy);
  }

  async findByGroupControlNumber(partnerId: string, groupControlNumber: string): Promise<OutboxDocument | undefined> {
    const found = [...this.documents.values()].find(
      (document) => document.partnerId === partnerId && isBusinessDocument(document.type) && document.groupControlNumber !== undefined && Number(document.groupControlNumber) === Number(groupControlNumber),
    );
    return found && copy(found);
  }

  async markReceived(id: string, at: Date): Promise<OutboxDocument | undefined> {
    const found = this.documents.get(id);
    if (!found) return undefined;
    found.receivedAt ??= at.toISOString();
    return copy(found);
  }

  async markAcknowledged(id: string, acknowledgement: DocumentAcknowledgement): Promise<OutboxDocument | undefined> {
    const found = this.documents.get(id);
    if (!found) return undefined;
    found.acknowledgement = copy(acknowledgement);
    return copy(found);
  }

  async unacknowledged(before: Date, limit: number): Promise<OutboxDocument[]> {
    return this.sorted()
      .filter((document) => isBusinessDocument(document.type) && !document.acknowledgement && Date.parse(document.createdAt) < before.getTime())
      .slice(0, limit)
      .map(copy);
  }

  private sorted(): OutboxDocument[] {
    return [...this.documents.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
  }
}

export class MemoryControlNumberStore implements ControlNumberStore {
  private readonly counters = new Map<string, number>();

  async next(partnerId: string, kind: ControlNumberKind): Promise<number> {
    const key = `${partnerId}\u0000${kind}`;
    const value = (this.counters.get(key) ?? 0) + 1;
    if (value > MAX_CONTROL_NUMBER) throw new Error(`EDI ${kind} control numbers of partner ${partnerId} are used up`);
    this.counters.set(key, value);
    return value;
  }
}

export class MemorySeenInterchangeStore implements SeenInterchangeStore {
  private readonly seen = new Map<string, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    if (this.seen.size > 10_000) for (const [stale, expires] of this.seen) if (expires <= now) this.seen.delete(stale);
    this.seen.set(key, now + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    this.seen.delete(key);
  }
}
