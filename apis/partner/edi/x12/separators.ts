/**
 * Reads an ISA and the separators it declares: element separator at byte 3, ISA11 (repetition, from 00402 on and
 * only when not alphanumeric), ISA16 (component) and the segment terminator right after it. Fixed positions first;
 * an ISA whose fields have the wrong widths is still read by its element separator, so its errors can be named.
 */
import { isAlphanumericCode } from './chars';
import type { Separators, X12Segment } from './types';

/** A fixed-width ISA is 106 characters, its terminator included. */
export const ISA_LENGTH = 106;
/** Where the 16 element separators of a fixed-width ISA sit. */
const SEPARATOR_POSITIONS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];
/** How far an ISA with wrong field widths is searched for its 16 separators. */
const MAX_ISA_SCAN = 512;

export function isAlphanumeric(char: string): boolean {
  return char.length === 1 && isAlphanumericCode(char.charCodeAt(0));
}

export function isWhitespace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\f' || char === '\v';
}

/** Whether `text` has, at `index`, "ISA" followed by something that can be an element separator. */
export function isIsaStart(text: string, index: number): boolean {
  if (text.charCodeAt(index) !== 73 || text.charCodeAt(index + 1) !== 83 || text.charCodeAt(index + 2) !== 65) return false;
  const separator = text[index + 3];
  return separator !== undefined && !isAlphanumeric(separator) && !isWhitespace(separator);
}

export type IsaRead =
  | { kind: 'need-more' }
  | {
      kind: 'header';
      /** ISA01..ISA16 verbatim. */
      fields: string[];
      separators: Separators;
      /** Characters from "ISA" to the terminator, inclusive. */
      length: number;
      /** False when the fields do not have their fixed widths (then they were found by the element separator). */
      fixedLayout: boolean;
    }
  | { kind: 'unreadable'; reason: 'element-separator' | 'segment-terminator' | 'structure' | 'truncated'; fields: string[] };

/** ISA12 as a number (401 for 00401), or NaN. */
export function versionNumber(version: string): number {
  return /^\d{5}$/.test(version) ? Number(version) : Number.NaN;
}

/** The repetition separator ISA11 declares: only from 00402 on, only when not alphanumeric and distinct. */
export function repetitionSeparator(isa11: string, version: string, others: readonly string[]): string | undefined {
  if (!(versionNumber(version) >= 402)) return undefined;
  if (isa11.length !== 1 || isAlphanumeric(isa11) || isWhitespace(isa11) || others.includes(isa11)) return undefined;
  return isa11;
}

/**
 * Reads the ISA starting at `start` (which must hold "ISA"). `final` says no more text will come, so a short ISA
 * is truncated rather than incomplete.
 */
export function readIsa(text: string, start: number, final: boolean): IsaRead {
  const available = text.length - start;
  const element = text[start + 3] ?? '';
  if (element === '' && !final) return { kind: 'need-more' };
  if (element === '') return { kind: 'unreadable', reason: 'truncated', fields: [] };
  if (isAlphanumeric(element) || isWhitespace(element)) {
    return { kind: 'unreadable', reason: 'element-separator', fields: [] };
  }
  let fields: string[] | undefined;
  let length = 0;
  let fixedLayout = false;
  if (available >= ISA_LENGTH && SEPARATOR_POSITIONS.every((position) => text[start + position] === element)) {
    fields = [];
    for (let i = 0; i < SEPARATOR_POSITIONS.length; i += 1) {
      const from = start + (SEPARATOR_POSITIONS[i] as number) + 1;
      const to = i + 1 < SEPARATOR_POSITIONS.length ? start + (SEPARATOR_POSITIONS[i + 1] as number) : from + 1;
      fields.push(text.slice(from, to));
    }
    length = ISA_LENGTH;
    fixedLayout = true;
  } else {
    if (available < ISA_LENGTH && !final) return { kind: 'need-more' };
    // Find the 16 separators by the element separator; ISA16 is the character after the last one.
    const positions = [start + 3];
    let index = start + 4;
    const limit = Math.min(text.length, start + MAX_ISA_SCAN);
    while (positions.length < 16 && index < limit) {
      if (text[index] === element) positions.push(index);
      index += 1;
    }
    const last = positions[positions.length - 1] as number;
    if (positions.length < 16 || last + 2 >= text.length) {
      if (!final && text.length < start + MAX_ISA_SCAN) return { kind: 'need-more' };
      const partial = text.slice(start + 4, Math.min(text.length, start + MAX_ISA_SCAN)).split(element).slice(0, 16);
      return { kind: 'unreadable', reason: final && limit === text.length ? 'truncated' : 'structure', fields: partial };
    }
    fields = [];
    for (let i = 0; i < 15; i += 1) fields.push(text.slice((positions[i] as number) + 1, positions[i + 1]));
    fields.push(text[last + 1] as string);
    length = last + 3 - start;
  }
  const component = fields[15] as string;
  const segment = text[start + length - 1] as string;
  if (segment === element || isAlphanumeric(segment) || (isWhitespace(segment) && segment !== '\r' && segment !== '\n')) {
    return { kind: 'unreadable', reason: 'segment-terminator', fields };
  }
  const repetition = repetitionSeparator(fields[10] as string, fields[11] as string, [element, component, segment]);
  return {
    kind: 'header',
    fields,
    separators: { element, component, segment, ...(repetition === undefined ? {} : { repetition }) },
    length,
    fixedLayout,
  };
}

/** The ISA as a segment. */
export function isaSegment(fields: readonly string[]): X12Segment {
  return { id: 'ISA', elements: [...fields] };
}

/** Splits an element into its components, only where the interchange declares a component separator. */
export function splitComponents(value: string, separators: Pick<Separators, 'component'>): string[] {
  return separators.component ? value.split(separators.component) : [value];
}

/** Splits an element into its repetitions, only where the interchange declares a repetition separator. */
export function splitRepetitions(value: string, separators: Pick<Separators, 'repetition'>): string[] {
  return separators.repetition ? value.split(separators.repetition) : [value];
}
