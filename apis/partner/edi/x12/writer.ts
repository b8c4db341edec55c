/**
 * The generic X12 writer: segments from element values, and whole interchanges with the counts computed (SE01, GE01,
 * IEA01), the control numbers given, the partner's separators and ISA12/GS08 as asked. Refuses what X12 cannot
 * carry (a separator or control character in the data, a field too long) with a coded X12WriteError.
 */
import { hasControlCharacter } from './chars';
import type { Ta1AckCode, Ta1NoteCode } from './codes';
import { groupVersionNumber, isX12Date, isX12Time } from './dates';
import { X12WriteError } from './errors';
import { isAlphanumeric, isWhitespace, versionNumber } from './separators';
import type { InterchangeHeader, Separators } from './types';

/** A simple element, a composite (its components), or a repeated element. */
export type ElementValue = string | readonly string[] | { readonly repeat: readonly (string | readonly string[])[] };

export interface SegmentInput {
  id: string;
  /** XX01 onwards; undefined or '' for an empty element. Trailing empty elements are not written. */
  elements: readonly (ElementValue | undefined)[];
}

export interface TransactionSetInput {
  /** ST01. */
  id: string;
  /** ST02: a number is zero-padded to 4 digits. */
  controlNumber: string | number;
  /** ST03 (005010 on). */
  implementationReference?: string;
  /** The segments between ST and SE. */
  segments: readonly SegmentInput[];
}

export interface GroupInput {
  /** GS01. */
  functionalId: string;
  /** GS02. */
  senderCode: string;
  /** GS03. */
  receiverCode: string;
  /** GS04, CCYYMMDD (YYMMDD for versions before 004000). */
  date: string;
  /** GS05, HHMM or HHMMSS. */
  time: string;
  /** GS06, 1-9 digits. */
  controlNumber: string | number;
  /** GS07: X (ASC X12, default) or T (TDCC). */
  agency?: 'X' | 'T';
  /** GS08: 004010, 005010, 005010X231... */
  version: string;
  sets: readonly TransactionSetInput[];
}

/** TA1 fields, as the ack builder makes them. */
export interface Ta1Input {
  /** TA101: the ISA13 acknowledged. */
  controlNumber: string;
  /** TA102, YYMMDD. */
  date: string;
  /** TA103, HHMM. */
  time: string;
  ackCode: Ta1AckCode;
  noteCode: Ta1NoteCode;
}

export interface InterchangeInput {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09, YYMMDD. */
  date: string;
  /** ISA10, HHMM. */
  time: string;
  /** ISA12: '00401' or '00501' (any 5-digit version is written as given). */
  version: string;
  /** ISA13: a number or digits, zero-padded to 9. */
  controlNumber: string | number;
  /** ISA14. Default false. */
  ackRequested?: boolean;
  /** ISA15. Default 'P'. */
  usage?: 'P' | 'T' | 'I';
  /** The partner's separators. A repetition separator needs version 00402 or later; without one ISA11 is 'U'. */
  separators: Separators;
  authorizationQualifier?: string;
  authorization?: string;
  securityQualifier?: string;
  security?: string;
  /** TA1 segments, written before the groups. */
  ta1s?: readonly Ta1Input[];
  groups?: readonly GroupInput[];
}

export interface WriteOptions {
  /** A line feed after every segment terminator (unless the terminator is one). Default false. */
  lineBreaks?: boolean;
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

function checkSeparators(separators: Separators, version: string): void {
  const { element, component, segment, repetition } = separators;
  const all = [element, component, segment, ...(repetition === undefined ? [] : [repetition])];
  const bad = (char: string) => char.length !== 1 || isAlphanumeric(char) || (isWhitespace(char) && char !== '\n' && char !== '\r');
  if (all.some(bad) || new Set(all).size !== all.length || isWhitespace(element) || isWhitespace(component)) {
    throw new X12WriteError('ERR_X12_INVALID_SEPARATORS', 'separators must be single, distinct, non-alphanumeric characters', 'separators');
  }
  if (repetition !== undefined && !(versionNumber(version) >= 402)) {
    throw new X12WriteError('ERR_X12_INVALID_SEPARATORS', `version ${version} has no repetition separator`, 'separators.repetition');
  }
}

function checkText(value: string, separators: Separators, path: string): string {
  const { element, component, segment, repetition } = separators;
  if (hasControlCharacter(value)) throw new X12WriteError('ERR_X12_SEPARATOR_IN_DATA', 'contains a control character', path);
  for (const separator of [element, component, segment, repetition]) {
    if (separator !== undefined && value.includes(separator)) {
      throw new X12WriteError('ERR_X12_SEPARATOR_IN_DATA', `'${value}' contains the separator '${separator}'`, path);
    }
  }
  return value;
}

function trimTrailingEmpty(values: string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === '') end -= 1;
  return values.slice(0, end);
}

function composite(value: readonly string[], separators: Separators, path: string): string {
  return trimTrailingEmpty(value.map((component, index) => checkText(component, separators, `${path}.${index}`))).join(separators.component);
}

function element(value: ElementValue | undefined, separators: Separators, path: string): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return checkText(value, separators, path);
  if ('repeat' in value) {
    if (separators.repetition === undefined) {
      throw new X12WriteError('ERR_X12_INVALID_VALUE', 'a repeated element needs a repetition separator', path);
    }
    return (value.repeat as readonly (string | readonly string[])[])
      .map((item, index) => (typeof item === 'string' ? checkText(item, separators, `${path}.${index}`) : composite(item, separators, `${path}.${index}`)))
      .join(separators.repetition);
  }
  return composite(value as readonly string[], separators, path);
}

/** One segment without its terminator. */
export function formatSegment(segment: SegmentInput, separators: Separators, path = segment.id): string {
  if (!SEGMENT_ID.test(segment.id)) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${segment.id}' is not a segment id`, path);
  const values = trimTrailingEmpty(segment.elements.map((value, index) => element(value, separators, `${path}.${index + 1}`)));
  return [segment.id, ...values].join(separators.element);
}

function fixed(value: string, width: number, separators: Separators, path: string): string {
  checkText(value, separators, path);
  if (value.length > width) throw new X12WriteError('ERR_X12_VALUE_TOO_LONG', `'${value}' is longer than ${width}`, path);
  return value.padEnd(width, ' ');
}

function code(value: string, pattern: RegExp, path: string, what: string): string {
  if (!pattern.test(value)) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${value}' is not ${what}`, path);
  return value;
}

function digits(value: string | number, maxLength: number, path: string): string {
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) && value >= 0 ? String(value) : '') : value;
  if (!/^\d+$/.test(text) || text.length > maxLength) {
    throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${value}' is not a control number of at most ${maxLength} digits`, path);
  }
  return text;
}

/** ISA13: 9 digits, zero-padded. */
export function interchangeControlNumber(value: string | number): string {
  return digits(value, 9, 'controlNumber').padStart(9, '0');
}

/** ST02: a number zero-padded to 4 digits, or 4-9 characters as given. */
export function setControlNumber(value: string | number, path = 'controlNumber'): string {
  if (typeof value === 'number') return digits(value, 9, path).padStart(4, '0');
  if (value.length < 4 || value.length > 9) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${value}' is not a 4-9 character control number`, path);
  return value;
}

function setSegments(set: TransactionSetInput, separators: Separators, path: string): string[] {
  const control = setControlNumber(set.controlNumber, `${path}.controlNumber`);
  code(set.id, /^\d{3}$/, `${path}.id`, 'a transaction set id');
  const body = set.segments.map((segment, index) => {
    if (segment.id === 'ST' || segment.id === 'SE') throw new X12WriteError('ERR_X12_INVALID_VALUE', 'ST and SE are written by the writer', `${path}.segments.${index}`);
    return formatSegment(segment, separators, `${path}.segments.${index}`);
  });
  return [
    formatSegment({ id: 'ST', elements: [set.id, control, set.implementationReference] }, separators, `${path}.ST`),
    ...body,
    formatSegment({ id: 'SE', elements: [String(body.length + 2), control] }, separators, `${path}.SE`),
  ];
}

function groupSegments(group: GroupInput, separators: Separators, path: string): string[] {
  code(group.functionalId, /^[A-Z0-9]{2}$/, `${path}.functionalId`, 'a functional identifier');
  for (const key of ['senderCode', 'receiverCode'] as const) {
    if (group[key].length < 2 || group[key].length > 15) throw new X12WriteError('ERR_X12_INVALID_VALUE', 'must be 2 to 15 characters', `${path}.${key}`);
  }
  const dateDigits = groupVersionNumber(group.version) < 4000 ? 6 : 8;
  if (group.date.length !== dateDigits || !/^\d+$/.test(group.date) || !isX12Date(group.date)) {
    throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${group.date}' is not ${dateDigits === 8 ? 'CCYYMMDD' : 'YYMMDD (before 004000)'}`, `${path}.date`);
  }
  if (!/^\d{4}(\d{2})?$/.test(group.time) || !isX12Time(group.time)) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${group.time}' is not HHMM`, `${path}.time`);
  const control = digits(group.controlNumber, 9, `${path}.controlNumber`);
  code(group.version, /^\d{6}[A-Z0-9]{0,6}$/, `${path}.version`, 'a GS08 version');
  return [
    formatSegment(
      { id: 'GS', elements: [group.functionalId, group.senderCode, group.receiverCode, group.date, group.time, control, group.agency ?? 'X', group.version] },
      separators,
      `${path}.GS`,
    ),
    ...group.sets.flatMap((set, index) => setSegments(set, separators, `${path}.sets.${index}`)),
    formatSegment({ id: 'GE', elements: [String(group.sets.length), control] }, separators, `${path}.GE`),
  ];
}

/** A whole interchange as text, every segment terminated (the last one too). */
export function writeInterchange(input: InterchangeInput, options: WriteOptions = {}): string {
  const { separators, version } = input;
  code(version, /^\d{5}$/, 'version', 'a 5-digit ISA12 version');
  checkSeparators(separators, version);
  if (!/^\d{6}$/.test(input.date) || !isX12Date(input.date)) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${input.date}' is not YYMMDD`, 'date');
  if (!/^\d{4}$/.test(input.time) || !isX12Time(input.time)) throw new X12WriteError('ERR_X12_INVALID_VALUE', `'${input.time}' is not HHMM`, 'time');
  const control = interchangeControlNumber(input.controlNumber);
  const isa = [
    fixed(input.authorizationQualifier ?? '00', 2, separators, 'authorizationQualifier'),
    fixed(input.authorization ?? '', 10, separators, 'authorization'),
    fixed(input.securityQualifier ?? '00', 2, separators, 'securityQualifier'),
    fixed(input.security ?? '', 10, separators, 'security'),
    fixed(code(input.senderQualifier, /^[A-Z0-9]{2}$/, 'senderQualifier', 'an interchange id qualifier'), 2, separators, 'senderQualifier'),
    fixed(input.senderId, 15, separators, 'senderId'),
    fixed(code(input.receiverQualifier, /^[A-Z0-9]{2}$/, 'receiverQualifier', 'an interchange id qualifier'), 2, separators, 'receiverQualifier'),
    fixed(input.receiverId, 15, separators, 'receiverId'),
    input.date,
    input.time,
    versionNumber(version) >= 402 ? (separators.repetition ?? 'U') : 'U',
    version,
    control,
    input.ackRequested ? '1' : '0',
    input.usage ?? 'P',
    separators.component,
  ];
  if (input.senderId.trim() === '' || input.receiverId.trim() === '') throw new X12WriteError('ERR_X12_INVALID_VALUE', 'interchange ids cannot be blank', 'senderId');
  const groups = input.groups ?? [];
  const ta1s = (input.ta1s ?? []).map((ta1, index) =>
    formatSegment(
      {
        id: 'TA1',
        elements: [
          code(ta1.controlNumber, /^\d{9}$/, `ta1s.${index}.controlNumber`, 'a 9-digit interchange control number'),
          code(ta1.date, /^\d{6}$/, `ta1s.${index}.date`, 'YYMMDD'),
          code(ta1.time, /^\d{4}$/, `ta1s.${index}.time`, 'HHMM'),
          ta1.ackCode,
          ta1.noteCode,
        ],
      },
      separators,
      `ta1s.${index}`,
    ),
  );
  const segments = [
    ['ISA', ...isa].join(separators.element),
    ...ta1s,
    ...groups.flatMap((group, index) => groupSegments(group, separators, `groups.${index}`)),
    formatSegment({ id: 'IEA', elements: [String(groups.length), control] }, separators, 'IEA'),
  ];
  const terminator = options.lineBreaks && separators.segment !== '\n' ? `${separators.segment}\n` : separators.segment;
  return segments.map((segment) => segment + terminator).join('');
}

/**
 * The envelope of our answer to an interchange: sender and receiver swapped (padding dropped), the partner's
 * separators and version. Dates, times and the control number are the caller's (allocation happens elsewhere).
 */
export function replyEnvelope(
  inbound: InterchangeHeader,
  init: { controlNumber: string | number; date: string; time: string; usage?: 'P' | 'T' | 'I'; ackRequested?: boolean },
): Omit<InterchangeInput, 'groups' | 'ta1s'> {
  const usage = init.usage ?? (inbound.usage === 'T' ? 'T' : 'P');
  return {
    senderQualifier: inbound.receiverQualifier,
    senderId: inbound.receiverId.trim(),
    receiverQualifier: inbound.senderQualifier,
    receiverId: inbound.senderId.trim(),
    date: init.date,
    time: init.time,
    version: inbound.version,
    controlNumber: init.controlNumber,
    ackRequested: init.ackRequested ?? false,
    usage,
    separators: inbound.separators,
  };
}
