/**
 * Cuts a character stream into ISA headers and segments, with each interchange's own separators. Skips a byte-order
 * mark, whitespace, 0x1A and NUL between interchanges; CR/LF after a terminator; takes a last segment that has no
 * terminator; reports any other text between interchanges; resynchronises on the next ISA after an unreadable one.
 * Holds only the text of the segment it has not finished.
 */
import { isIsaStart, readIsa, type IsaRead } from './separators';
import type { Separators, UnrecognizedText, X12Segment } from './types';

export type Token =
  | { kind: 'isa'; offset: number; read: Extract<IsaRead, { kind: 'header' }> }
  | { kind: 'isa-unreadable'; offset: number; read: Extract<IsaRead, { kind: 'unreadable' }> }
  | { kind: 'segment'; offset: number; segment: X12Segment }
  | { kind: 'overflow'; offset: number; length: number }
  | { kind: 'unrecognized'; text: UnrecognizedText };

const PREVIEW = 40;
const LATIN1_BOM = '\u00EF\u00BB\u00BF';

function isIgnorable(char: string): boolean {
  return char === '\uFEFF' || char === '\u001A' || char === '\u0000' || char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\f' || char === '\v';
}

function skipIgnorable(text: string, from: number): number {
  let index = from;
  for (;;) {
    const char = text[index];
    if (char === undefined) return index;
    if (isIgnorable(char)) index += 1;
    else if (text.startsWith(LATIN1_BOM, index)) index += LATIN1_BOM.length;
    else return index;
  }
}

/** The next "ISA" that can start an interchange, or -1; with `final` false, an "ISA" at the very end counts (it may be). */
function findIsa(text: string, from: number, final: boolean): number {
  let index = text.indexOf('ISA', from);
  while (index !== -1) {
    if (index + 3 >= text.length) return final ? -1 : index;
    if (isIsaStart(text, index)) return index;
    index = text.indexOf('ISA', index + 1);
  }
  return -1;
}

/** Trailing padding of a last, unterminated segment: whitespace, 0x1A, NUL. */
function trimTrailing(text: string): string {
  return text.replace(/[\s\u001A\u0000]+$/, '');
}

export function splitSegment(text: string, element: string): X12Segment {
  const parts = text.split(element);
  return { id: parts[0] as string, elements: parts.slice(1) };
}

export class X12Tokenizer {
  private buffer = '';
  /** Stream offset of `buffer[0]`. */
  private base = 0;
  private state: 'outside' | 'header' | 'inside' | 'skip' = 'outside';
  private separators: Separators | undefined;
  private garbage: UnrecognizedText | undefined;
  /** Chunks of a segment still waiting for its terminator, kept apart so a long segment is not re-scanned per chunk. */
  private parts: string[] = [];
  private partsLength = 0;
  /** Characters at the start of `buffer` known to hold no terminator. */
  private scanned = 0;

  constructor(private readonly maxSegmentLength: number) {}

  /** Characters held, waiting for the rest of a segment. */
  get buffered(): number {
    return this.buffer.length + this.partsLength;
  }

  push(text: string): Token[] {
    const out: Token[] = [];
    if (this.scanned > 0 && !text.includes((this.separators as Separators).segment) && this.buffered + text.length <= this.maxSegmentLength) {
      this.parts.push(text);
      this.partsLength += text.length;
      return out;
    }
    this.buffer += this.takeParts() + text;
    this.drain(false, out);
    return out;
  }

  end(): Token[] {
    const out: Token[] = [];
    this.buffer += this.takeParts();
    this.drain(true, out);
    this.flushGarbage(out);
    return out;
  }

  private takeParts(): string {
    const joined = this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
    return joined;
  }

  private addGarbage(text: string, from: number, to: number, out: Token[]): void {
    if (to <= from) return;
    const offset = this.base + from;
    if (this.garbage && this.garbage.offset + this.garbage.length === offset) {
      this.garbage.length += to - from;
      if (this.garbage.preview.length < PREVIEW) this.garbage.preview = (this.garbage.preview + text.slice(from, to)).slice(0, PREVIEW);
    } else {
      this.flushGarbage(out);
      this.garbage = { offset, length: to - from, preview: text.slice(from, Math.min(to, from + PREVIEW)) };
    }
  }

  private flushGarbage(out: Token[]): void {
    if (this.garbage) out.push({ kind: 'unrecognized', text: this.garbage });
    this.garbage = undefined;
  }

  private drain(final: boolean, out: Token[]): void {
    const text = this.buffer;
    const scanned = this.scanned;
    this.scanned = 0;
    let pos = 0;
    for (;;) {
      if (this.state === 'outside') {
        // Padding is skipped between interchanges; once other text has started, it runs to the next ISA.
        if (!this.garbage) pos = skipIgnorable(text, pos);
        if (pos >= text.length) break;
        if (text.startsWith('ISA', pos)) {
          // Where an interchange may begin, "ISA" is read as one even with a bad element separator (TA1 026).
          if (pos + 3 >= text.length && !final) break;
          if (!this.garbage || isIsaStart(text, pos)) {
            this.flushGarbage(out);
            this.state = 'header';
            continue;
          }
        }
        const next = findIsa(text, pos + 1, final);
        if (next === -1) {
          const end = final ? text.length : Math.max(pos, text.length - 3);
          this.addGarbage(text, pos, end, out);
          pos = end;
          break;
        }
        this.addGarbage(text, pos, next, out);
        pos = next;
        if (next + 3 >= text.length && !final) break;
      } else if (this.state === 'header') {
        const read = readIsa(text, pos, final);
        if (read.kind === 'need-more') break;
        if (read.kind === 'unreadable') {
          out.push({ kind: 'isa-unreadable', offset: this.base + pos, read });
          pos += 3;
          this.state = 'skip';
          continue;
        }
        out.push({ kind: 'isa', offset: this.base + pos, read });
        this.separators = read.separators;
        pos += read.length;
        this.state = 'inside';
      } else if (this.state === 'skip') {
        const next = findIsa(text, pos, final);
        if (next === -1) {
          pos = final ? text.length : Math.max(pos, text.length - 3);
          break;
        }
        pos = next;
        if (next + 3 >= text.length) break;
        this.state = 'header';
      } else {
        const separators = this.separators as Separators;
        while (pos < text.length && (text[pos] === '\r' || text[pos] === '\n')) pos += 1;
        if (pos >= text.length) break;
        if (text.length - pos < 4 && !final && 'ISA'.startsWith(text.slice(pos, pos + 3))) break;
        if (isIsaStart(text, pos)) {
          // A new interchange before this one's IEA: the envelope layer ends this one as premature.
          this.state = 'header';
          continue;
        }
        const terminator = text.indexOf(separators.segment, pos === 0 ? scanned : pos);
        if (terminator === -1) {
          if (final) {
            const rest = trimTrailing(text.slice(pos));
            if (rest.length > 0) out.push({ kind: 'segment', offset: this.base + pos, segment: splitSegment(rest, separators.element) });
            pos = text.length;
            this.state = 'outside';
            continue;
          }
          if (text.length - pos > this.maxSegmentLength) {
            out.push({ kind: 'overflow', offset: this.base + pos, length: text.length - pos });
            pos += 1;
            this.state = 'skip';
            continue;
          }
          this.scanned = text.length - pos;
          break;
        }
        if (terminator - pos > this.maxSegmentLength) {
          // The same limit whether the segment came in one chunk or many, so results never depend on chunking.
          out.push({ kind: 'overflow', offset: this.base + pos, length: terminator - pos });
          pos += 1;
          this.state = 'skip';
          continue;
        }
        const segment = splitSegment(text.slice(pos, terminator), separators.element);
        out.push({ kind: 'segment', offset: this.base + pos, segment });
        pos = terminator + 1;
        if (segment.id === 'IEA') this.state = 'outside';
      }
    }
    this.buffer = text.slice(pos);
    this.base += pos;
  }
}
