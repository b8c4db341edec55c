/**
 * The audit hash chain, shared by the writer and the verifier: canonical serialisation, line hashes, genesis values
 * and the check of one line against the line before it.
 *
 * A file holds one chain made of segments, one per writing instance, one after another (a restart with a new
 * instance id starts a new segment; two instances never interleave). Within a segment `seq` counts 1, 2, ... and
 * `prev` is the previous line's `hash`. A segment's first line (seq 1) has as `prev` a genesis value derived from
 * its instance, its start time (the `time` of that line) and the hash of the line before it in the file (null at the
 * top of a file), so removing or reordering segments breaks the chain too. `hash` is SHA-256 (hex) over the
 * canonical JSON of the line without `hash`: keys sorted at every depth, no whitespace. The hash covers values,
 * not bytes: re-indenting or re-ordering keys of a line does not count as an edit.
 */
import { createHash } from 'node:crypto';

/** Fields every line carries besides the record's own; a record cannot set them. `event` names marker lines. */
export const RESERVED_FIELDS: ReadonlySet<string> = new Set(['seq', 'instance', 'time', 'prev', 'hash', 'event']);

/** Lines the writer adds itself, so that nothing happens to the file silently. */
export const MARKER_EVENTS = {
  /** The line before this one was cut short by an interrupted write; its length and SHA-256 are recorded here. */
  tornLine: 'audit.torn-line',
  /** Records were dropped because the in-memory buffer was full (the file could not be written fast enough or at all). */
  recordsDropped: 'audit.records-dropped',
  /** The file was not what this writer left (rotated, replaced, truncated or appended to by someone else). */
  fileChanged: 'audit.file-changed',
} as const;

const GENESIS_LABEL = 'distribution-gateway audit chain v1';
const HEX64 = /^[0-9a-f]{64}$/;

export interface ChainLine {
  seq: number;
  instance: string;
  time: string;
  prev: string;
  hash: string;
  event?: string;
  [field: string]: unknown;
}

/** Where the chain stands after a line: what the next line has to link to. */
export interface ChainHead {
  seq: number;
  instance: string;
  hash: string;
}

/** JSON with keys sorted at every depth and no whitespace. Accepts only JSON values (what JSON.parse returns). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`not a JSON value: ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).filter((key) => object[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The `prev` of a segment's first line. `after` is the hash of the line before it in the file, null at the top. */
export function genesisHash(instance: string, start: string, after: string | null): string {
  return sha256Hex(canonicalJson({ chain: GENESIS_LABEL, instance, start, after }));
}

/** The hash of a line: SHA-256 over the canonical JSON of everything but `hash`. */
export function lineHash(line: Readonly<Record<string, unknown>>): string {
  const { hash: _hash, ...rest } = line;
  return sha256Hex(canonicalJson(rest));
}

/** What `prev` and `seq` the next line written by `instance` at `time` must have, given the chain so far. */
export function nextLink(head: ChainHead | undefined, instance: string, time: string): { seq: number; prev: string } {
  if (head && head.instance === instance) return { seq: head.seq + 1, prev: head.hash };
  return { seq: 1, prev: genesisHash(instance, time, head?.hash ?? null) };
}

/**
 * Chains `fields` (a record or marker, `time` included) after `head`: returns the line to write (seq, instance and
 * time first for the human reader, then the fields, then prev and hash) and the new head.
 */
export function chainLine(head: ChainHead | undefined, instance: string, fields: Readonly<Record<string, unknown>> & { time: string }): { text: string; head: ChainHead } {
  const { seq, prev } = nextLink(head, instance, fields.time);
  const { time, ...rest } = fields;
  const line: Record<string, unknown> = { seq, instance, time, ...rest, prev };
  const hash = lineHash(line);
  return { text: JSON.stringify({ ...line, hash }), head: { seq, instance, hash } };
}

/** Parses one line and checks its own shape and hash (not its link). Returns the line or why it is not one. */
export function parseLine(text: string): { line: ChainLine } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: 'not a JSON record' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reason: 'not a JSON object' };
  const line = value as Record<string, unknown>;
  const seq = line.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return { reason: 'no valid seq' };
  if (typeof line.instance !== 'string' || line.instance.length === 0) return { reason: 'no valid instance' };
  if (typeof line.time !== 'string') return { reason: 'no valid time' };
  if (typeof line.prev !== 'string' || !HEX64.test(line.prev)) return { reason: 'no valid prev' };
  if (typeof line.hash !== 'string' || !HEX64.test(line.hash)) return { reason: 'no valid hash' };
  if (line.event !== undefined && typeof line.event !== 'string') return { reason: 'no valid event' };
  if (lineHash(line) !== line.hash) return { reason: 'hash mismatch: the record was altered' };
  return { line: line as ChainLine };
}

/** Checks that `line` (already parsed) follows `head`. Returns why not, or undefined when it does. */
export function linkProblem(head: ChainHead | undefined, line: ChainLine): string | undefined {
  if (!head) {
    if (line.seq !== 1) return `the file starts at seq ${line.seq}, not 1: lines before it were removed`;
    if (line.prev !== genesisHash(line.instance, line.time, null)) return 'prev is not the genesis value of the first line of a file';
    return undefined;
  }
  if (line.instance !== head.instance) {
    if (line.seq !== 1) {
      return `instance ${line.instance} continues at seq ${line.seq} after a line of instance ${head.instance}: two instances' lines are interleaved, or lines were removed`;
    }
    if (line.prev !== genesisHash(line.instance, line.time, head.hash)) return "prev does not link this instance's first line to the line before it: an inserted, moved or replaced line";
    return undefined;
  }
  if (line.seq <= head.seq) return `seq ${line.seq} after seq ${head.seq}: a duplicated or reordered line`;
  if (line.seq > head.seq + 1) return `seq ${line.seq} after seq ${head.seq}: lines are missing (removed or reordered)`;
  if (line.prev !== head.hash) return "prev does not match the previous line's hash: an inserted or replaced line";
  return undefined;
}
