/**
 * Checks a segment's elements against its rule: mandatory elements, syntax notes, types, lengths, code values,
 * dates and times, with the AK403 code of each finding. Components and repetitions are split only where the rule
 * says the element is composite or repeatable and the interchange declares the separator.
 *
 * Every element of every set goes through here, so a rule is first compiled into a plan (types as numbers, syntax
 * notes as bit masks of the elements they name) and a clean value is checked with char-code loops, allocating
 * nothing. What a finding says is worked out only when there is one.
 */
import { hasControlCharacter, isDigitCode, isDigits } from './chars';
import type { ElementErrorCode } from './codes';
import { isX12Date, isX12Time } from './dates';
import type { ElementRule, ElementType, SegmentRule, SyntaxNote } from './set-table';
import type { ElementError, Separators, X12Segment } from './types';

export interface ElementCheckContext {
  separators: Separators;
  /** GS08 as a number (4010, 5010); NaN when unknown. Dates are 6 digits before 004000, and 13 is a 5010 code. */
  version: number;
}

const BAD_DATA_MAX = 99;

const AN = 0;
const ID = 1;
const NUMERIC = 2;
const DECIMAL = 3;
const DATE = 4;
const TIME = 5;
const COMPOSITE = 6;
const KINDS: Readonly<Record<ElementType, number>> = { AN, ID, N: NUMERIC, R: DECIMAL, DT: DATE, TM: TIME, C: COMPOSITE };
const NOTE_KINDS: Readonly<Record<SyntaxNote['kind'], number>> = { P: 0, R: 1, C: 2, L: 3, E: 4 };

/** An element rule as the checks read it. */
interface ElementPlan {
  rule: ElementRule;
  kind: number;
  mandatory: boolean;
  min: number;
  max: number;
  /** ID code list. */
  codes: ReadonlySet<string> | undefined;
  repeat: number;
  components: readonly ElementPlan[] | undefined;
}

/**
 * A syntax note as masks over the present elements (bit p-1 for position p). `all` is 0 when the note cannot be
 * read that way (a position past 30 or past the rule's elements, or named twice): it is then always checked in full.
 */
interface NotePlan {
  note: SyntaxNote;
  kind: number;
  all: number;
  first: number;
  others: number;
}

/** A segment rule compiled for the checks. */
export interface SegmentPlan {
  rule: SegmentRule;
  elements: readonly ElementPlan[];
  /** Positions (0-based) of the mandatory elements, ascending: all that matters past the last element sent. */
  mandatory: readonly number[];
  notes: readonly NotePlan[];
}

/** Positions 1..30 fit the masks (bit 31 is the sign bit). */
const MASK_POSITIONS = 30;
const plans = new WeakMap<SegmentRule, SegmentPlan>();

function planElement(rule: ElementRule): ElementPlan {
  const kind = KINDS[rule.type];
  return {
    rule,
    kind,
    mandatory: rule.requirement === 'M',
    min: rule.min,
    max: rule.max,
    codes: kind === ID ? rule.codes : undefined,
    repeat: rule.repeat,
    components: rule.components?.map(planElement),
  };
}

function planNote(note: SyntaxNote, elementCount: number): NotePlan {
  const { positions } = note;
  const readable = positions.every((position) => position >= 1 && position <= Math.min(MASK_POSITIONS, elementCount)) && new Set(positions).size === positions.length;
  const kind = NOTE_KINDS[note.kind];
  if (!readable) return { note, kind, all: 0, first: 0, others: 0 };
  const bit = (position: number) => 1 << (position - 1);
  const first = bit(positions[0] as number);
  const others = positions.slice(1).reduce((mask, position) => mask | bit(position), 0);
  return { note, kind, all: first | others, first, others };
}

/** The plan of a rule, compiled once (tables are built once and read for every set). */
export function planOf(rule: SegmentRule): SegmentPlan {
  let plan = plans.get(rule);
  if (!plan) {
    const elements = rule.elements.map(planElement);
    const mandatory = elements.flatMap((element, index) => (element.mandatory ? [index] : []));
    plan = { rule, elements, mandatory, notes: rule.syntax.map((note) => planNote(note, rule.elements.length)) };
    plans.set(rule, plan);
  }
  return plan;
}

function finding(
  code: ElementErrorCode,
  message: string,
  position: number,
  rule: ElementRule | undefined,
  badData?: string,
  component?: number,
  repetition?: number,
): ElementError {
  return {
    position,
    ...(component === undefined ? {} : { componentPosition: component }),
    ...(repetition === undefined ? {} : { repetitionPosition: repetition }),
    ...(rule && isDigits(rule.ref) ? { elementRef: rule.ref } : {}),
    code,
    ...(badData ? { badData: badData.slice(0, BAD_DATA_MAX) } : {}),
    message,
  };
}

/**
 * The digits of a numeric value, which is the length X12 counts for it (no sign, no decimal point), or -1 when the
 * value is not a number of its type: N `-?\d+`, R `-?(\d+\.?\d*|\.\d+)`.
 */
function numericLength(value: string, decimal: boolean): number {
  const length = value.length;
  let i = length > 0 && value.charCodeAt(0) === 45 ? 1 : 0;
  const wholeStart = i;
  while (i < length && isDigitCode(value.charCodeAt(i))) i += 1;
  const whole = i - wholeStart;
  if (i === length) return whole > 0 ? whole : -1;
  if (!decimal || value.charCodeAt(i) !== 46) return -1;
  i += 1;
  const fractionStart = i;
  while (i < length && isDigitCode(value.charCodeAt(i))) i += 1;
  const fraction = i - fractionStart;
  if (i !== length || (whole === 0 && fraction === 0)) return -1;
  return whole + fraction;
}

/** What is wrong with a simple value, as a number: `problemOf` stays small and allocates nothing. */
const FINE = 0;
const CONTROL = 1;
const NOT_A_NUMBER = 2;
const NOT_DIGITS = 3;
const TOO_SHORT = 4;
const TOO_LONG = 5;
const NOT_A_CODE = 6;
const NOT_A_DATE_OR_TIME = 7;

/** The length limits of a date: 6 digits before version 004000 where the rule says 8. */
function dateLimits(plan: ElementPlan, version: number): { min: number; max: number } {
  return plan.max === 8 && version < 4000 ? { min: 6, max: 6 } : plan;
}

/** The length X12 counts: digits only for numeric types. */
function countedLength(value: string, kind: number): number {
  return kind === NUMERIC || kind === DECIMAL ? numericLength(value, kind === DECIMAL) : value.length;
}

/**
 * The first problem with one simple value (FINE when there is none), in the order the findings are reported. A value
 * of digits (with a sign and a point for numbers) holds no control character, so only text values, and numbers,
 * dates and times that fail their form, are searched for one.
 */
function problemOf(value: string, plan: ElementPlan, version: number): number {
  const { kind } = plan;
  let length = value.length;
  if (kind === NUMERIC || kind === DECIMAL) {
    length = numericLength(value, kind === DECIMAL);
    if (length < 0) return hasControlCharacter(value) ? CONTROL : NOT_A_NUMBER;
  } else if (kind === DATE || kind === TIME) {
    if (!isDigits(value)) return hasControlCharacter(value) ? CONTROL : NOT_DIGITS;
  } else if (hasControlCharacter(value)) {
    return CONTROL;
  }
  const { min, max } = kind === DATE ? dateLimits(plan, version) : plan;
  if (length < min) return TOO_SHORT;
  if (length > max) return TOO_LONG;
  if (kind === ID) return plan.codes !== undefined && !plan.codes.has(value) ? NOT_A_CODE : FINE;
  if (kind === DATE) return isX12Date(value) ? FINE : NOT_A_DATE_OR_TIME;
  if (kind === TIME) return isX12Time(value) ? FINE : NOT_A_DATE_OR_TIME;
  return FINE;
}

/** The AK403 code and message of a problem `problemOf` found. */
function describe(problem: number, value: string, plan: ElementPlan, version: number): { code: ElementErrorCode; message: string } {
  const { kind } = plan;
  const { min, max } = kind === DATE ? dateLimits(plan, version) : plan;
  const length = countedLength(value, kind);
  switch (problem) {
    case CONTROL:
      return { code: '6', message: 'contains a control character' };
    case NOT_A_NUMBER:
      return { code: '6', message: kind === NUMERIC ? `'${value}' is not a whole number` : `'${value}' is not a decimal number` };
    case NOT_DIGITS:
      return kind === DATE ? { code: '8', message: `'${value}' is not a date` } : { code: '9', message: `'${value}' is not a time` };
    case TOO_SHORT:
      return { code: '4', message: `${length} characters, at least ${min} expected` };
    case TOO_LONG:
      return { code: '5', message: `${length} characters, at most ${max} allowed` };
    case NOT_A_CODE:
      return { code: '7', message: `'${value}' is not a valid code` };
    default:
      return kind === DATE ? { code: '8', message: `'${value}' is not a calendar date` } : { code: '9', message: `'${value}' is not a valid time` };
  }
}

/** The first problem with one simple value, or undefined. */
function checkSimple(value: string, plan: ElementPlan, context: ElementCheckContext): { code: ElementErrorCode; message: string } | undefined {
  const problem = problemOf(value, plan, context.version);
  return problem === FINE ? undefined : describe(problem, value, plan, context.version);
}

function checkValue(value: string, plan: ElementPlan, position: number, repetition: number | undefined, context: ElementCheckContext, out: ElementError[]): void {
  const { components, rule } = plan;
  if (!components) {
    const problem = checkSimple(value, plan, context);
    if (problem) out.push(finding(problem.code, problem.message, position, rule, value, undefined, repetition));
    return;
  }
  const values = value.split(context.separators.component);
  if (values.length > components.length && context.version >= 5010) {
    out.push(finding('13', `${values.length} components, at most ${components.length} allowed`, position, rule, value, components.length + 1, repetition));
    return;
  }
  for (let index = 0; index < components.length; index += 1) {
    const component = components[index] as ElementPlan;
    const text = values[index] ?? '';
    if (text === '') {
      if (component.mandatory) out.push(finding('1', 'mandatory component missing', position, component.rule, undefined, index + 1, repetition));
      continue;
    }
    const problem = checkSimple(text, component, context);
    if (problem) out.push(finding(problem.code, problem.message, position, component.rule, text, index + 1, repetition));
  }
}

function checkRepetitions(value: string, plan: ElementPlan, position: number, repetition: string, context: ElementCheckContext, out: ElementError[]): void {
  const { rule } = plan;
  const repetitions = value.split(repetition);
  if (repetitions.length > rule.repeat) {
    out.push(finding('12', `${repetitions.length} repetitions, at most ${rule.repeat} allowed`, position, rule, value, undefined, rule.repeat + 1));
    return;
  }
  for (let index = 0; index < repetitions.length; index += 1) {
    const item = repetitions[index] as string;
    if (item === '') {
      if (plan.mandatory) out.push(finding('1', 'empty repetition', position, rule, undefined, undefined, index + 1));
      continue;
    }
    checkValue(item, plan, position, repetitions.length > 1 ? index + 1 : undefined, context, out);
  }
}

/** Whether the masks show the note met (false also when it cannot be read from masks). */
function metByMasks(plan: NotePlan, present: number): boolean {
  const { all } = plan;
  if (all === 0) return false;
  const given = present & all;
  switch (plan.kind) {
    case NOTE_KINDS.P:
      return given === 0 || given === all;
    case NOTE_KINDS.R:
      return given !== 0;
    case NOTE_KINDS.C:
      return (given & plan.first) === 0 || (given & plan.others) === plan.others;
    case NOTE_KINDS.L:
      return (given & plan.first) === 0 || (given & plan.others) !== 0;
    case NOTE_KINDS.E:
      return (given & (given - 1)) === 0;
    default:
      return false;
  }
}

/** Whether the element at 1-based `position` holds something. */
function present(elements: readonly string[], position: number): boolean {
  const value = elements[position - 1];
  return value !== undefined && value !== '';
}

function missingBySyntax(note: SyntaxNote, position: number, rule: SegmentRule, out: ElementError[]): void {
  const name = `${note.kind}${note.positions.map((p) => String(p).padStart(2, '0')).join('')}`;
  out.push(finding('2', `required by syntax note ${name}`, position, rule.elements[position - 1]));
}

/** The findings of one syntax note, read element by element. */
function checkNote(note: SyntaxNote, elements: readonly string[], rule: SegmentRule, out: ElementError[]): void {
  const { positions } = note;
  const first = positions[0] as number;
  let given = 0;
  let secondGiven = 0;
  for (const position of positions) {
    if (!present(elements, position)) continue;
    given += 1;
    if (given === 2) secondGiven = position;
  }
  switch (note.kind) {
    case 'P':
      if (given > 0 && given < positions.length) {
        for (const position of positions) if (!present(elements, position)) missingBySyntax(note, position, rule, out);
      }
      break;
    case 'R':
      if (given === 0) missingBySyntax(note, first, rule, out);
      break;
    case 'C':
      if (present(elements, first)) {
        for (let i = 1; i < positions.length; i += 1) if (!present(elements, positions[i] as number)) missingBySyntax(note, positions[i] as number, rule, out);
      }
      break;
    case 'L':
      // Given beyond the first means one of the others is there.
      if (present(elements, first) && given === 1) missingBySyntax(note, positions[1] as number, rule, out);
      break;
    case 'E':
      if (given > 1) out.push(finding('10', 'exclusion condition violated', secondGiven, rule.elements[secondGiven - 1]));
      break;
  }
}

/** Every element finding of one segment, in element order (syntax-note findings last). */
export function checkElements(segment: X12Segment, rule: SegmentRule, context: ElementCheckContext): ElementError[] {
  const out: ElementError[] = [];
  collectElementErrors(segment, planOf(rule), context, out);
  return out;
}

/** `checkElements` with the rule's plan, into the caller's array (the reader reuses one: a clean segment allocates nothing). */
export function collectElementErrors(segment: X12Segment, plan: SegmentPlan, context: ElementCheckContext, out: ElementError[]): void {
  const { elements } = segment;
  const rules = plan.elements;
  const count = rules.length;
  for (let index = count; index < elements.length; index += 1) {
    if (elements[index] !== '') {
      out.push(finding('3', `${elements.length} elements, at most ${count} defined`, index + 1, undefined, elements[index]));
      break;
    }
  }
  const { repetition } = context.separators;
  let presentMask = 0;
  const sent = Math.min(count, elements.length);
  for (let index = 0; index < sent; index += 1) {
    const element = rules[index] as ElementPlan;
    const value = elements[index];
    if (value === undefined || value === '') {
      if (element.mandatory) out.push(finding('1', 'mandatory element missing', index + 1, element.rule));
      continue;
    }
    if (index < MASK_POSITIONS) presentMask |= 1 << index;
    if (element.repeat > 1 && repetition !== undefined) checkRepetitions(value, element, index + 1, repetition, context, out);
    else checkValue(value, element, index + 1, undefined, context, out);
  }
  for (const index of plan.mandatory) {
    if (index >= sent) out.push(finding('1', 'mandatory element missing', index + 1, rules[index]?.rule));
  }
  for (const note of plan.notes) {
    if (!metByMasks(note, presentMask)) checkNote(note.note, elements, plan.rule, out);
  }
}
