/**
 * A ring buffer of the requests the ERP received, so tests can prove what reached the platform (correlation id,
 * trace context). Only named fields are kept: never the Authorization header, the CSRF token or a body.
 */
import type { RequestHandler } from 'express';

export interface JournalEntry {
  /** ISO 8601 time the request arrived. */
  receivedAt: string;
  method: string;
  /** The URL path, percent-decoded where possible, without the query string. */
  path: string;
  /** The raw query string without `?` ('' when none). */
  query: string;
  /** The `x-correlation-id` header, or null. */
  correlationId: string | null;
  /** The W3C `traceparent` header, or null. */
  traceparent: string | null;
  /** The answer's status, or null while the request is still being answered. */
  status: number | null;
}

/** Long values are cut, so a hostile client cannot make the journal hold megabytes. */
const MAX_FIELD = 2048;

function clip(value: string): string {
  return value.length > MAX_FIELD ? value.slice(0, MAX_FIELD) : value;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export class RequestJournal {
  private entries: JournalEntry[] = [];
  private next = 0;

  constructor(readonly capacity = 200) {}

  record(entry: JournalEntry): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The newest `limit` entries, newest first, as copies. */
  recent(limit = this.capacity): JournalEntry[] {
    const ordered: JournalEntry[] = [];
    for (let i = 1; i <= Math.min(limit, this.entries.length); i += 1) {
      const index = (this.next - i + this.capacity) % this.capacity;
      const entry = this.entries[index];
      if (entry) ordered.push({ ...entry });
    }
    return ordered;
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
  }
}

export function journalRequests(journal: RequestJournal, now: () => number): RequestHandler {
  return (req, res, next) => {
    const url = req.originalUrl;
    const queryIndex = url.indexOf('?');
    const entry: JournalEntry = {
      receivedAt: new Date(now()).toISOString(),
      method: req.method,
      path: clip(decodePath(queryIndex < 0 ? url : url.slice(0, queryIndex))),
      query: clip(queryIndex < 0 ? '' : url.slice(queryIndex + 1)),
      correlationId: req.get('x-correlation-id') === undefined ? null : clip(req.get('x-correlation-id') as string),
      traceparent: req.get('traceparent') === undefined ? null : clip(req.get('traceparent') as string),
      status: null,
    };
    journal.record(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    next();
  };
}
