/**
 * Cuts a character stream into ISA headers and segments, with each interchange's own separators. Skips a byte-order
 * mark, whitespace, 0x1A and NUL between interchanges; CR/LF after a terminator; takes a last segment that has no
 * terminator; reports any other text between interchanges; resynchronises on the next ISA after an unreadable one.
 * Holds only the text of the segment it has not finished.
 *
 * Segments go to a `TokenSink` as they are cut: the reader's hot path makes no token object per segment, and each
 * character is searched once (for the terminator, then for element separators up to it, never again).
 */
import { isIsaStart, readIsa, type IsaRead } from './separators';
import { segmentId } from './segment-ids';
import type { Separators, UnrecognizedText, X12Segment } from './types';

export type Token =
  | { kind: 'isa'; offset: number; read: Extract<IsaRead, { kind: 'header' }> }
  | { kind: 'isa-unreadable'; offset: number; read: Extract<IsaRead, { kind: 'unreadable' }> }
  | { kind: 'segment'; offset: number; segment: X12Segment }
  | { kind: 'overflow'; offset: number; length: number }
  | { kind: 'unrecognized'; text: UnrecognizedText };

/** Where the tokenizer's output goes: segments one by one (the hot path), everything else as tokens (rare). */
export interface TokenSink {
  segment(segment: X12Segment, offset: number): void;
  token(token: Token): void;
}

/** A sink that collects every token, for `push`/`end`. */
class TokenCollector implements TokenSink {
  readonly tokens: Token[] = [];

  segment(segment: X12Segment, offset: number): void {
    this.tokens.push({ kind: 'segment', offset, segment });
  }

  token(token: Token): void {
    this.tokens.push(token);
  }
}

const PREVIEW = 40;
const CR = 13;
const LF = 10;

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

const TRAILING_PADDING = /[\s\u001A\u0000]/;

/** Where the trailing padding (whitespace, 0x1A, NUL) of a last, unterminated segment `text[from, to)` begins. */
function trimmedEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && TRAILING_PADDING.test(text[end - 1] as string)) end -= 1;
  return end;
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
  /** Position in the text being drained of the next element separator at or after the last one cut (its length: none). */
  private nextElement = -1;
  /** Where the element separators of the segment being cut are (reused; grows with the longest segment). */
  private bounds: Int32Array = new Int32Array(64);

  constructor(private readonly maxSegmentLength: number) {}

  /** Characters held, waiting for the rest of a segment. */
  get buffered(): number {
    return this.buffer.length + this.partsLength;
  }

  push(text: string): Token[] {
    const collector = new TokenCollector();
    this.write(text, collector);
    return collector.tokens;
  }

  end(): Token[] {
    const collector = new TokenCollector();
    this.finish(collector);
    return collector.tokens;
  }

  /** `push`, into a sink. */
  write(text: string, sink: TokenSink): void {
    if (this.scanned > 0 && !text.includes((this.separators as Separators).segment) && this.buffered + text.length <= this.maxSegmentLength) {
      this.parts.push(text);
      this.partsLength += text.length;
      return;
    }
    this.buffer += this.takeParts() + text;
    this.drain(false, sink);
  }

  /** `end`, into a sink. */
  finish(sink: TokenSink): void {
    this.buffer += this.takeParts();
    this.drain(true, sink);
    this.flushGarbage(sink);
  }

  private takeParts(): string {
    const joined = this.parts.join('');
    this.parts = [];
    this.partsLength = 0;
    return joined;
  }

  private addGarbage(text: string, from: number, to: number, out: TokenSink): void {
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

  private flushGarbage(out: TokenSink): void {
    if (this.garbage) out.token({ kind: 'unrecognized', text: this.garbage });
    this.garbage = undefined;
  }

  private drain(final: boolean, out: TokenSink): void {
    const text = this.buffer;
    const scanned = this.scanned;
    this.scanned = 0;
    this.nextElement = -1;
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
          out.token({ kind: 'isa-unreadable', offset: this.base + pos, read });
          pos += 3;
          this.state = 'skip';
          continue;
        }
        out.token({ kind: 'isa', offset: this.base + pos, read });
        this.separators = read.separators;
        // The remembered separator position was the previous interchange's separator.
        this.nextElement = -1;
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
        pos = this.segments(text, pos, pos === 0 ? scanned : pos, final, out);
        if (this.state === 'inside') break;
      }
    }
    this.buffer = text.slice(pos);
    this.base += pos;
  }

  /**
   * Cuts the segments of an interchange from `start` on, until the text runs out (state stays 'inside'; `this.scanned`
   * says how much of an unfinished segment holds no terminator) or the interchange ends (state changes). `searchFrom`
   * is where the terminator search may begin. Returns the position reached.
   */
  private segments(text: string, start: number, searchFrom: number, final: boolean, out: TokenSink): number {
    const separators = this.separators as Separators;
    const terminatorChar = separators.segment;
    const length = text.length;
    let pos = start;
    for (;;) {
      while (pos < length && (text.charCodeAt(pos) === CR || text.charCodeAt(pos) === LF)) pos += 1;
      if (pos >= length) return pos;
      if (text.charCodeAt(pos) === 73 /* I */) {
        if (length - pos < 4 && !final && 'ISA'.startsWith(text.slice(pos, pos + 3))) return pos;
        if (isIsaStart(text, pos)) {
          // A new interchange before this one's IEA: the envelope layer ends this one as premature.
          this.state = 'header';
          return pos;
        }
      }
      const terminator = text.indexOf(terminatorChar, pos === start ? Math.max(searchFrom, pos) : pos);
      if (terminator === -1) {
        if (final) {
          const end = trimmedEnd(text, pos, length);
          if (end > pos) out.segment(this.cut(text, pos, end, separators.element), this.base + pos);
          this.state = 'outside';
          return length;
        }
        if (length - pos > this.maxSegmentLength) {
          out.token({ kind: 'overflow', offset: this.base + pos, length: length - pos });
          this.state = 'skip';
          return pos + 1;
        }
        this.scanned = length - pos;
        return pos;
      }
      if (terminator - pos > this.maxSegmentLength) {
        // The same limit whether the segment came in one chunk or many, so results never depend on chunking.
        out.token({ kind: 'overflow', offset: this.base + pos, length: terminator - pos });
        this.state = 'skip';
        return pos + 1;
      }
      const segment = this.cut(text, pos, terminator, separators.element);
      out.segment(segment, this.base + pos);
      pos = terminator + 1;
      if (segment.id === 'IEA') {
        this.state = 'outside';
        return pos;
      }
    }
  }

  /**
   * The segment `text[from, to)`, cut at the element separator; elements verbatim. The separators are found first,
   * so the elements array is made at its size (a growing one cost more and held twice the memory).
   */
  private cut(text: string, from: number, to: number, element: string): X12Segment {
    let next = this.nextElement;
    if (next < from) {
      next = text.indexOf(element, from);
      if (next === -1) next = text.length;
    }
    if (next >= to) {
      this.nextElement = next;
      return { id: segmentId(text, from, to), elements: [] };
    }
    const id = segmentId(text, from, next);
    let bounds = this.bounds;
    let count = 0;
    while (next < to) {
      if (count + 1 >= bounds.length) bounds = this.growBounds();
      bounds[count] = next;
      count += 1;
      next = text.indexOf(element, next + 1);
      if (next === -1) next = text.length;
    }
    bounds[count] = to;
    this.nextElement = next;
    const elements = new Array<string>(count);
    for (let i = 0; i < count; i += 1) elements[i] = text.slice((bounds[i] as number) + 1, bounds[i + 1]);
    return { id, elements };
  }

  private growBounds(): Int32Array {
    const grown = new Int32Array(this.bounds.length * 2);
    grown.set(this.bounds);
    this.bounds = grown;
    return grown;
  }
}

