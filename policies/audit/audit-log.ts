/**
 * The tamper-evident audit log: one JSON line per record, chained by SHA-256 (see chain.ts), written in the
 * background so that request handling never waits for the disk and never fails because of it.
 *
 * Why winston's File transport is not used (read in winston 3.19's lib/winston/transports/file.js):
 * - its constructor creates the folder with `mkdirSync`, so a broken path throws instead of emitting `error`;
 * - a failed `stat` leaves it "opening" for good, and errors of its underlying fs stream only reach `debug`
 *   ("TODO: What should we do with errors here?"): records are then lost without a count and it never recovers;
 * - its write callback fires when a line reaches an in-memory PassThrough, not the file ("This gets called too
 *   early"), so nobody knows which records the file holds, and a chain cannot be resumed after an error without
 *   gaps or duplicates.
 * So this module appends lines to the file itself, through a file handle whose every write it can account for.
 * (Records used to pass through a dedicated winston logger first, as a front door with a level of its own; it only
 * handed each record to this writer, and the policy benchmark showed its stream machinery as a per-request cost
 * the record gains nothing from. The application's LOG_LEVEL never reached the audit log, and still cannot.)
 *
 * Guarantees:
 * - `write` is synchronous and does no I/O: it redacts, stamps the time and queues. The queue holds at most
 *   `bufferLimit` records (plus one marker); beyond that records are dropped, counted, reported, and a marker line
 *   saying how many were dropped is chained in where they would have been.
 * - A disk error never throws to the caller: it is reported once per episode on the application log, `status()`
 *   turns unhealthy, the records stay queued and the write is retried with exponential backoff. A partial write is
 *   completed byte for byte on retry, so the chain has no gap and no duplicate.
 * - The file is opened for each run of writes (not held open), so a file moved away or replaced is noticed: the new
 *   file's chain is continued after a marker that names what the writer expected.
 * - On start, the chain continues from the file's last line. A torn last line (a crash mid-write) is kept as found
 *   and followed by a marker with its length and SHA-256; a last complete line that is not a valid record (an edit)
 *   refuses the start: the writer never appends to a chain whose end it cannot vouch for.
 */
import { constants as fsConstants, type Stats } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../gateway/logger';
import { chainLine, linkProblem, MARKER_EVENTS, parseLine, RESERVED_FIELDS, sha256Hex, type ChainHead } from './chain';

/** One audited request, as the audit policy builds it. Secrets are redacted and the query string removed on write. */
export interface AuditRecordInput {
  /** The correlation id of the request. */
  requestId: string;
  /** The W3C trace id of the request. */
  traceId: string;
  /** The verified client id. */
  client?: string;
  /** The partner the client belongs to. */
  partner?: string;
  /** The original caller when a tier of this gateway called on someone's behalf. */
  onBehalfOf?: { client: string; partner?: string };
  tier?: string;
  api?: string;
  version?: number;
  /** Method and matched route pattern, e.g. `POST /orders/{orderId}`. */
  operation?: string;
  method: string;
  /** The request path, without its query string. */
  path: string;
  decision: 'allowed' | 'denied';
  /** What went wrong, when something did: the problem code (ERR_UNAUTHENTICATED, ERR_FORBIDDEN, ...) and its detail. */
  reason?: { code: string; detail?: string };
  /** The HTTP status answered; 499 when the client went away before any response was sent. */
  status: number;
  /** Milliseconds from the policy to the end of the response (or the client going away). */
  latencyMs: number;
  /** Request body bytes, from `Content-Length`. */
  bytesIn?: number;
  /** Response body bytes. */
  bytesOut?: number;
  /** The `Idempotency-Key` request header, at most 255 characters. */
  idempotencyKey?: string;
  /** True when the client went away before the response was finished. */
  aborted?: boolean;
}

export interface AuditLogStatus {
  /** False while the file cannot be written, or while dropped records are not yet recorded in the file. */
  healthy: boolean;
  /** Records (and markers) in memory, not yet in the file. */
  buffered: number;
  /** Records dropped since start (buffer full, or written after close, or unwritable at close). */
  dropped: number;
  /** Records written to the file since start (markers not counted). */
  written: number;
  /** What is wrong, while unhealthy. */
  lastError?: string;
}

export interface AuditLog {
  /** Queues one record. Synchronous, no I/O, never throws. */
  write(record: AuditRecordInput): void;
  status(): AuditLogStatus;
  /** Writes everything queued so far, syncs the file and stops. Never rejects: a loss is reported and counted. */
  close(): Promise<void>;
}

export interface AuditLogOptions {
  /** The audit file (absolute, or relative to the working directory). Its folder is created when missing. */
  file: string;
  /** Who writes: each instance's lines form their own segment of the file's chain. */
  instanceId: string;
  /** The application log, where disk errors, drops and recoveries are reported (once per episode). */
  logger: Logger;
  /** Records held in memory while the file cannot be written, at least 1; beyond it, records are dropped and counted. */
  bufferLimit: number;
  /** Further keys (case-insensitive, at any depth) whose values are replaced by `[REDACTED]`. */
  redactKeys?: readonly string[];
  /** The clock for record times. Default: `() => new Date()`. */
  clock?: () => Date;
  /** Delay before the first retry after a disk error, in ms; it doubles per failed retry. Default 500. */
  retryInitialMs?: number;
  /** Longest delay between retries, in ms. Default 30000. */
  retryMaxMs?: number;
}

export const REDACTED = '[REDACTED]';

/** Longest a record waits in memory for the next group commit, in milliseconds (see AuditWriter.schedule). */
const GROUP_COMMIT_MS = 10;

/** Redacted at any depth, case-insensitively: the application log's secret keys plus the audit's own list. */
const SECRET_KEYS: readonly string[] = [
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'client_secret', 'clientsecret', 'secret',
  'access_token', 'refresh_token', 'id_token', 'password', 'token', 'x-csrf-token', 'apikey', 'api_key', 'x-api-key',
];

const OPTION_KEYS = new Set(['file', 'instanceId', 'logger', 'bufferLimit', 'redactKeys', 'clock', 'retryInitialMs', 'retryMaxMs']);
const MAX_DEPTH = 16;
const BATCH_RECORDS = 1000;
const BATCH_BYTES = 1 << 20;
const TAIL_CHUNK = 64 * 1024;
const TAIL_MAX = 16 * 1024 * 1024;

/** The file's end cannot be vouched for; the writer will not append to it. */
export class AuditFileIntegrityError extends Error {
  readonly code = 'ERR_AUDIT_FILE_INTEGRITY';
  override readonly name = 'AuditFileIntegrityError';
}

type Fields = Record<string, unknown> & { time: string };

interface Entry {
  fields: Fields;
  /** A record from `write` (counted as written), or a marker the writer added. */
  kind: 'record' | 'marker';
  /** For a records-dropped marker: how many records it accounts for. */
  accountsForDropped?: number;
}

/** What this writer knows the file holds: its identity, size and the chain's head. */
interface DiskState {
  dev: number;
  ino: number;
  size: number;
  head: ChainHead | undefined;
}

/** A write that may have reached the file only in part: where it started and what it was. */
interface InFlight {
  dev: number;
  ino: number;
  offset: number;
  bytes: Buffer;
  heads: ChainHead[];
  leadCount: number;
  queueCount: number;
}

function checkOptions(options: AuditLogOptions): void {
  if (options === null || typeof options !== 'object') throw new TypeError('createAuditLog: options must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`createAuditLog: unknown option "${key}"`);
  }
  if (typeof options.file !== 'string' || options.file.length === 0) throw new TypeError('createAuditLog: "file" must be a non-empty path');
  if (typeof options.instanceId !== 'string' || options.instanceId.length === 0) throw new TypeError('createAuditLog: "instanceId" must be a non-empty string');
  if (!options.logger || typeof options.logger.error !== 'function') throw new TypeError('createAuditLog: "logger" must be the application logger');
  if (!Number.isSafeInteger(options.bufferLimit) || options.bufferLimit < 1) throw new TypeError('createAuditLog: "bufferLimit" must be a positive integer');
  if (options.redactKeys !== undefined && (!Array.isArray(options.redactKeys) || options.redactKeys.some((key) => typeof key !== 'string' || key.length === 0))) {
    throw new TypeError('createAuditLog: "redactKeys" must be a list of non-empty strings');
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('createAuditLog: "clock" must be a function');
  for (const key of ['retryInitialMs', 'retryMaxMs'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isFinite(value) || value < 1)) throw new TypeError(`createAuditLog: "${key}" must be a positive number of milliseconds`);
  }
}

/**
 * A JSON-safe, redacted deep copy: secrets replaced, non-JSON values dropped or converted, cycles and depth cut.
 * `ancestors` holds the objects above this one (at most MAX_DEPTH), to cut cycles.
 */
function redactValue(value: unknown, secretKeys: ReadonlySet<string>, ancestors: object[]): unknown {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (value === null) return null;
  if (typeof value !== 'object') return undefined;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return redactValue(withJson.toJSON(), secretKeys, ancestors);
  if (ancestors.length >= MAX_DEPTH) return '[TOO DEEP]';
  if (ancestors.includes(value)) return '[CIRCULAR]';
  ancestors.push(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, secretKeys, ancestors) ?? null);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = secretKeys.has(key.toLowerCase()) ? REDACTED : redactValue((value as Record<string, unknown>)[key], secretKeys, ancestors);
      if (inner === undefined) continue;
      if (key === '__proto__') Object.defineProperty(copy, key, { value: inner, enumerable: true, writable: true, configurable: true });
      else copy[key] = inner;
    }
    return copy;
  } finally {
    ancestors.pop();
  }
}

function stripQuery(value: string): string {
  const cut = value.search(/[?#]/);
  return cut === -1 ? value : value.slice(0, cut);
}

function errorText(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ? `${(error as NodeJS.ErrnoException).code}: ${error.message}` : error.message;
  return String(error);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** The end of the file: its last complete line (checked) and whatever follows the last newline. */
interface Tail {
  head: ChainHead | undefined;
  /** The last line is complete and valid, only its newline is missing. */
  needsNewline: boolean;
  /** Bytes after the last newline that are not a valid line: a torn write. */
  torn?: Buffer;
}

async function readTail(handle: FileHandle, size: number, file: string): Promise<Tail> {
  if (size === 0) return { head: undefined, needsNewline: false };
  let start = size;
  let buffer = Buffer.alloc(0);
  let lastLine: Buffer | undefined;
  let fragment: Buffer | undefined;
  for (;;) {
    const from = Math.max(0, start - TAIL_CHUNK);
    buffer = Buffer.concat([await readAt(handle, from, start - from), buffer]);
    start = from;
    if (buffer.length > TAIL_MAX) throw new AuditFileIntegrityError(`${file}: its last line is longer than ${TAIL_MAX} bytes`);
    const lastNewline = buffer.lastIndexOf(0x0a);
    if (lastNewline === -1) {
      if (start > 0) continue;
      fragment = buffer;
      break;
    }
    const previousNewline = lastNewline === 0 ? -1 : buffer.lastIndexOf(0x0a, lastNewline - 1);
    if (previousNewline === -1 && start > 0) continue;
    lastLine = buffer.subarray(previousNewline + 1, lastNewline);
    fragment = buffer.subarray(lastNewline + 1);
    break;
  }
  let head: ChainHead | undefined;
  if (lastLine) {
    const parsed = parseLine(lastLine.toString('utf8'));
    if ('reason' in parsed) {
      throw new AuditFileIntegrityError(`${file}: its last complete line is not a valid audit record (${parsed.reason}); check it with \`npm run audit:verify -- ${file}\` and move the file aside`);
    }
    head = { seq: parsed.line.seq, instance: parsed.line.instance, hash: parsed.line.hash };
  }
  if (!fragment || fragment.length === 0) return { head, needsNewline: false };
  const parsed = parseLine(fragment.toString('utf8'));
  if (!('reason' in parsed) && linkProblem(head, parsed.line) === undefined) {
    return { head: { seq: parsed.line.seq, instance: parsed.line.instance, hash: parsed.line.hash }, needsNewline: true };
  }
  return { head, needsNewline: false, torn: Buffer.from(fragment) };
}

class AuditWriter {
  private readonly queue: Entry[] = [];
  /** Markers that must precede the queue (torn line, file changed), with the newline that ends a torn line. */
  private lead: Fields[] = [];
  private newlineFirst = false;
  private disk: DiskState | undefined;
  private inFlight: InFlight | undefined;
  private draining: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private failing = false;
  private lastError: string | undefined;
  private unsynced = false;
  private closed = false;
  private written = 0;
  private dropped = 0;
  /** Drops not yet accounted for by a marker in the queue. */
  private pendingDrop: { count: number; first: string; last: string } | undefined;
  /** Drops not yet recorded in the file (pending, or in a queued marker). */
  private unrecordedDrops = 0;
  private dropEpisodeReported = false;
  private closedDropReported = false;

  constructor(
    private readonly file: string,
    private readonly instance: string,
    private readonly logger: Logger,
    private readonly bufferLimit: number,
    private readonly clock: () => Date,
    private readonly retryInitialMs: number,
    private readonly retryMaxMs: number,
  ) {
    this.retryDelay = retryInitialMs;
  }

  /** First open: learns the chain's head. An unusable tail rejects; an I/O error leaves the log retrying. */
  async start(): Promise<void> {
    try {
      await this.drainOnce();
    } catch (error) {
      if (error instanceof AuditFileIntegrityError) throw error;
      this.onFailure(error);
    }
  }

  status(): AuditLogStatus {
    const healthy = !this.failing && this.unrecordedDrops === 0;
    const lastError = this.failing ? this.lastError : this.unrecordedDrops > 0 ? `buffer of ${this.bufferLimit} records full, records dropped` : undefined;
    return {
      healthy,
      buffered: this.queue.length + this.lead.length,
      dropped: this.dropped,
      written: this.written,
      ...(healthy || !lastError ? {} : { lastError }),
    };
  }

  enqueue(fields: Fields): void {
    if (this.closed) {
      this.drop(fields.time, 'written after close');
      return;
    }
    if (this.queue.length >= this.bufferLimit) {
      this.drop(fields.time, 'buffer full');
      return;
    }
    this.queueDropMarker(fields.time);
    this.queue.push({ kind: 'record', fields });
    this.schedule();
  }

  /** Chains a marker for the records dropped so far in where they would have been (it may exceed the limit by one). */
  private queueDropMarker(time: string): void {
    if (!this.pendingDrop) return;
    const { count, first, last } = this.pendingDrop;
    this.pendingDrop = undefined;
    this.queue.push({
      kind: 'marker',
      accountsForDropped: count,
      fields: { time, event: MARKER_EVENTS.recordsDropped, dropped: count, firstDroppedAt: first, lastDroppedAt: last },
    });
  }

  drop(time: string, why: string): void {
    this.dropped += 1;
    if (this.closed) {
      if (!this.closedDropReported) {
        this.closedDropReported = true;
        this.logger.error('audit record dropped: the audit log is closed', { file: this.file });
      }
      return;
    }
    this.unrecordedDrops += 1;
    this.pendingDrop = this.pendingDrop ? { ...this.pendingDrop, count: this.pendingDrop.count + 1, last: time } : { count: 1, first: time, last: time };
    if (!this.dropEpisodeReported) {
      this.dropEpisodeReported = true;
      this.logger.error('audit records dropped', { file: this.file, why, bufferLimit: this.bufferLimit, buffered: this.queue.length });
    }
  }

  /**
   * Group commit: the first record queued starts a short wait, and everything queued meanwhile goes to the file in
   * one open-write-close run. Writing each record at once cost several file-system calls per request at moderate
   * load (the open, stat and close that notice a rotated file are per run, not per record); a record reaches the
   * file at most GROUP_COMMIT_MS later, and close() writes what is queued at once.
   */
  private schedule(): void {
    if (this.draining || this.retryTimer || this.failing || this.closed || this.commitTimer) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      if (!this.draining && !this.retryTimer && !this.failing && !this.closed) this.startDraining();
    }, GROUP_COMMIT_MS);
  }

  private startDraining(): void {
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
      // A record queued between the loop's last check and here would otherwise wait for the next write.
      if (this.hasWork()) this.schedule();
    });
  }

  private async drainLoop(): Promise<void> {
    while (this.hasWork()) {
      try {
        await this.drainOnce();
      } catch (error) {
        this.onFailure(error);
        return;
      }
      // drainOnce writes until the queue is empty; records queued while it closed the file need another run.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private hasWork(): boolean {
    return !this.disk || this.queue.length > 0 || this.lead.length > 0 || this.newlineFirst || this.inFlight !== undefined;
  }

  /** Opens the file, reconciles it with what this writer knows, writes everything queued, closes it. */
  private async drainOnce(sync = false): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await this.open();
      await this.reconcile(handle, await handle.stat());
      while (this.queue.length > 0 || this.lead.length > 0 || this.newlineFirst) await this.writeBatch(handle);
      if (sync && this.unsynced) {
        await handle.sync();
        this.unsynced = false;
      }
      const closing = handle;
      handle = undefined;
      await closing.close();
    } finally {
      if (handle) await handle.close().catch(() => undefined);
    }
    this.onSuccess();
  }

  private async open(): Promise<FileHandle> {
    // O_APPEND: every write lands at the end, whatever else happened to the file. Readable for the tail check.
    const flags = fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_RDWR;
    try {
      return await fs.open(this.file, flags, 0o640);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o750 });
      return fs.open(this.file, flags, 0o640);
    }
  }

  /** Makes `disk` true to the file: finishes a write cut short, or learns a changed file's tail. */
  private async reconcile(handle: FileHandle, stat: Stats): Promise<void> {
    const disk = this.disk;
    const sameFile = disk !== undefined && disk.dev === stat.dev && disk.ino === stat.ino;
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    if (inFlight && sameFile && inFlight.dev === stat.dev && inFlight.ino === stat.ino && stat.size >= inFlight.offset && stat.size <= inFlight.offset + inFlight.bytes.length) {
      const landed = stat.size - inFlight.offset;
      if (landed === 0) return;
      const found = await readAt(handle, inFlight.offset, landed);
      if (found.equals(inFlight.bytes.subarray(0, landed))) {
        // Part of the last write reached the file: write the rest, and it is as if the write had succeeded.
        await this.writeAll(handle, inFlight.bytes.subarray(landed));
        this.commit(inFlight, stat.size + inFlight.bytes.length - landed);
        return;
      }
    } else if (sameFile && stat.size === disk.size) {
      return;
    }

    const tail = await readTail(handle, stat.size, this.file);
    const time = this.clock().toISOString();
    this.lead = [];
    this.newlineFirst = tail.needsNewline || tail.torn !== undefined;
    if (tail.torn) {
      const torn = { event: MARKER_EVENTS.tornLine, tornBytes: tail.torn.length, tornSha256: sha256Hex(tail.torn) };
      this.lead.push({ time, ...torn });
      this.logger.warn('audit file ends with a torn line (an interrupted write); continuing after a marker', { file: this.file, ...torn });
    }
    if (disk) {
      const expected = { seq: disk.head?.seq ?? 0, instance: disk.head?.instance ?? null, hash: disk.head?.hash ?? null, size: disk.size };
      const found = { seq: tail.head?.seq ?? 0, instance: tail.head?.instance ?? null, hash: tail.head?.hash ?? null, size: stat.size, sameFile };
      this.lead.push({ time, event: MARKER_EVENTS.fileChanged, expected, found });
      this.logger.warn('audit file changed under the writer (rotated, replaced, truncated or appended to); continuing its chain after a marker', { file: this.file, expected, found });
    }
    this.disk = { dev: stat.dev, ino: stat.ino, size: stat.size, head: tail.head };
  }

  private async writeBatch(handle: FileHandle): Promise<void> {
    const disk = this.disk!;
    const texts: string[] = [];
    const heads: ChainHead[] = [];
    let head = disk.head;
    let bytes = 0;
    const add = (fields: Fields): void => {
      const chained = chainLine(head, this.instance, fields);
      texts.push(chained.text);
      heads.push(chained.head);
      bytes += chained.text.length + 1;
      head = chained.head;
    };
    for (const fields of this.lead) add(fields);
    let queueCount = 0;
    for (const entry of this.queue) {
      if (queueCount >= BATCH_RECORDS || bytes >= BATCH_BYTES) break;
      add(entry.fields);
      queueCount += 1;
    }
    const data = Buffer.from(`${this.newlineFirst ? '\n' : ''}${texts.join('\n')}${texts.length > 0 ? '\n' : ''}`, 'utf8');
    const inFlight: InFlight = { dev: disk.dev, ino: disk.ino, offset: disk.size, bytes: data, heads, leadCount: this.lead.length, queueCount };
    this.inFlight = inFlight;
    await this.writeAll(handle, data);
    this.inFlight = undefined;
    this.commit(inFlight, disk.size + data.length);
  }

  private async writeAll(handle: FileHandle, data: Buffer): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await handle.write(data, done, data.length - done);
      done += bytesWritten;
    }
    if (data.length > 0) this.unsynced = true;
  }

  /** The whole of `inFlight` is in the file, which is now `size` bytes long. */
  private commit(inFlight: InFlight, size: number): void {
    const disk = this.disk!;
    this.disk = { ...disk, size, head: inFlight.heads.at(-1) ?? disk.head };
    this.lead = this.lead.slice(inFlight.leadCount);
    this.newlineFirst = false;
    for (const entry of this.queue.splice(0, inFlight.queueCount)) {
      if (entry.kind === 'record') this.written += 1;
      if (entry.accountsForDropped) this.unrecordedDrops -= entry.accountsForDropped;
    }
    // Room again after drops and no record arrived to carry the marker: queue it now, so the file says so.
    if (this.pendingDrop && this.queue.length < this.bufferLimit) this.queueDropMarker(this.clock().toISOString());
    if (this.unrecordedDrops === 0 && !this.pendingDrop) this.dropEpisodeReported = false;
  }

  private onSuccess(): void {
    if (!this.failing) return;
    this.failing = false;
    this.lastError = undefined;
    this.retryDelay = this.retryInitialMs;
    this.logger.warn('audit log writes its file again', { file: this.file, written: this.written, dropped: this.dropped, buffered: this.queue.length });
  }

  private onFailure(error: unknown): void {
    this.lastError = errorText(error);
    if (!this.failing) {
      this.failing = true;
      this.logger.error('audit log cannot write its file; keeping records in memory and retrying', {
        file: this.file,
        error: this.lastError,
        buffered: this.queue.length,
        bufferLimit: this.bufferLimit,
      });
    }
    if (this.closed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryMaxMs, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.startDraining();
    }, delay);
    this.retryTimer.unref();
  }

  /** Stops taking records, makes one last attempt to write the queue, syncs the file. Never rejects. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    await this.draining;
    try {
      await this.drainOnce(true);
    } catch (error) {
      const lost = this.queue.filter((entry) => entry.kind === 'record').length;
      this.dropped += lost;
      this.lastError = errorText(error);
      this.failing = true;
      this.logger.error('audit log closed with records it could not write', { file: this.file, error: this.lastError, lost });
      this.queue.length = 0;
      this.lead = [];
    }
  }
}

/** Builds the audit logger. Rejects only when the file's end is not a valid record (see AuditFileIntegrityError). */
export async function createAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  checkOptions(options);
  const secretKeys = new Set([...SECRET_KEYS, ...(options.redactKeys ?? [])].map((key) => key.toLowerCase()));
  const clock = options.clock ?? (() => new Date());
  const writer = new AuditWriter(path.resolve(options.file), options.instanceId, options.logger, options.bufferLimit, clock, options.retryInitialMs ?? 500, options.retryMaxMs ?? 30_000);

  await writer.start();
  let closing: Promise<void> | undefined;
  let writeErrorReported = false;

  return {
    write(record: AuditRecordInput): void {
      let time: string;
      try {
        time = clock().toISOString();
      } catch {
        time = new Date().toISOString();
      }
      if (closing) {
        writer.drop(time, 'written after close');
        return;
      }
      try {
        const copy = redactValue(record, secretKeys, []) as Record<string, unknown>;
        const fields: Fields = { time };
        for (const [key, value] of Object.entries(copy ?? {})) {
          if (!RESERVED_FIELDS.has(key)) fields[key] = value;
        }
        if (typeof fields.path === 'string') fields.path = stripQuery(fields.path);
        writer.enqueue(fields);
      } catch (error) {
        writer.drop(time, 'record could not be serialised');
        if (!writeErrorReported) {
          writeErrorReported = true;
          options.logger.error('audit record could not be written', { error: errorText(error) });
        }
      }
    },
    status: () => writer.status(),
    close(): Promise<void> {
      closing ??= writer.close();
      return closing;
    },
  };
}
