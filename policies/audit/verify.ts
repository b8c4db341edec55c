/**
 * Verifies an audit file: re-computes every line's hash, follows `prev` and `seq` through each instance's segment
 * (see chain.ts) and names the first line where the chain breaks: an altered field, a removed, reordered, inserted
 * or duplicated line, a torn line or appended garbage.
 *
 * A torn line is accepted only when the writer declared it: the next line is an `audit.torn-line` marker that
 * carries the torn line's length and SHA-256 and links to the line before it. Limits of any hash chain without a
 * secret or an outside anchor: removing lines from the end, or rewriting the chain from some line on with freshly
 * computed hashes, cannot be seen from the file alone.
 */
import { createReadStream } from 'node:fs';
import { linkProblem, MARKER_EVENTS, parseLine, sha256Hex, type ChainHead, type ChainLine } from './chain';

export type AuditVerification =
  | {
      ok: true;
      /** Valid lines, markers included. */
      records: number;
      /** The instances whose segments the file holds, in order of appearance. */
      instances: string[];
      /** Lines that are torn writes declared by the marker after them (1-based), when there are any. */
      tornLines?: number[];
    }
  | { ok: false; line: number; seq?: number; reason: string };

interface RawLine {
  bytes: Buffer;
  /** False for the last piece of a file that does not end with a newline. */
  terminated: boolean;
}

async function* readRawLines(file: string): AsyncGenerator<RawLine> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    let data = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let newline = data.indexOf(0x0a);
    while (newline !== -1) {
      yield { bytes: data.subarray(0, newline), terminated: true };
      data = data.subarray(newline + 1);
      newline = data.indexOf(0x0a);
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) yield { bytes: carry, terminated: false };
}

type Checked = { line: ChainLine } | { reason: string; seq?: number };

function check(raw: RawLine, head: ChainHead | undefined): Checked {
  const parsed = parseLine(raw.bytes.toString('utf8'));
  if ('reason' in parsed) {
    if (!raw.terminated) return { reason: `torn line: the file ends in the middle of a record (${parsed.reason})` };
    const seq = seqOf(raw.bytes);
    const reason = parsed.reason.startsWith('hash mismatch') ? parsed.reason : `${parsed.reason}: an altered, inserted or torn line`;
    return seq === undefined ? { reason } : { reason, seq };
  }
  const problem = linkProblem(head, parsed.line);
  return problem ? { reason: problem, seq: parsed.line.seq } : parsed;
}

function seqOf(bytes: Buffer): number | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as { seq?: unknown };
    return typeof value?.seq === 'number' ? value.seq : undefined;
  } catch {
    return undefined;
  }
}

function declaresTorn(marker: ChainLine, torn: Buffer): boolean {
  return marker.event === MARKER_EVENTS.tornLine && marker.tornBytes === torn.length && marker.tornSha256 === sha256Hex(torn);
}

/** Checks `file`. Throws only when the file cannot be read (missing, a directory, no permission). */
export async function verifyAuditFile(file: string): Promise<AuditVerification> {
  let head: ChainHead | undefined;
  let records = 0;
  let number = 0;
  const instances: string[] = [];
  const tornLines: number[] = [];
  // A line that failed, kept until the next line shows whether it is a declared torn write.
  let suspect: { number: number; raw: RawLine; failure: { reason: string; seq?: number } } | undefined;

  const fail = (at: number, failure: { reason: string; seq?: number }): AuditVerification => ({
    ok: false,
    line: at,
    ...(failure.seq === undefined ? {} : { seq: failure.seq }),
    reason: failure.reason,
  });

  for await (const raw of readRawLines(file)) {
    number += 1;
    const checked = check(raw, head);
    if (suspect) {
      if (!('line' in checked) || !declaresTorn(checked.line, suspect.raw.bytes)) return fail(suspect.number, suspect.failure);
      tornLines.push(suspect.number);
      suspect = undefined;
    } else if (!('line' in checked)) {
      if (!raw.terminated) return fail(number, checked);
      suspect = { number, raw, failure: checked };
      continue;
    }
    const { line } = checked;
    head = { seq: line.seq, instance: line.instance, hash: line.hash };
    if (!instances.includes(line.instance)) instances.push(line.instance);
    records += 1;
  }
  if (suspect) return fail(suspect.number, suspect.failure);
  return { ok: true, records, instances, ...(tornLines.length > 0 ? { tornLines } : {}) };
}
