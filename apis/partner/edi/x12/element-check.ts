/**
 * Checks a segment's elements against its rule: mandatory elements, syntax notes, types, lengths, code values,
 * dates and times, with the AK403 code of each finding. Components and repetitions are split only where the rule
 * says the element is composite or repeatable and the interchange declares the separator.
 */
import type { ElementErrorCode } from './codes';
import { isX12Date, isX12Time } from './dates';
import type { ElementRule, SegmentRule } from './set-table';
import type { ElementError, Separators, X12Segment } from './types';

export interface ElementCheckContext {
  separators: Separators;
  /** GS08 as a number (4010, 5010); NaN when unknown. Dates are 6 digits before 004000, and 13 is a 5010 code. */
  version: number;
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const BAD_DATA_MAX = 99;

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
    ...(rule && /^\d+$/.test(rule.ref) ? { elementRef: rule.ref } : {}),
    code,
    ...(badData ? { badData: badData.slice(0, BAD_DATA_MAX) } : {}),
    message,
  };
}

/** The value's length as X12 counts it: digits only for numeric types (no sign, no decimal point). */
function lengthOf(value: string, rule: ElementRule): number {
  return rule.type === 'R' || rule.type === 'N' ? value.replace(/[-.]/g, '').length : value.length;
}

/** The first problem with one simple value, or undefined. */
function checkSimple(value: string, rule: ElementRule, context: ElementCheckContext): { code: ElementErrorCode; message: string } | undefined {
  if (CONTROL_CHARACTERS.test(value)) return { code: '6', message: 'contains a control character' };
  if (rule.type === 'N' && !/^-?\d+$/.test(value)) return { code: '6', message: `'${value}' is not a whole number` };
  if (rule.type === 'R' && !/^-?(\d+\.?\d*|\.\d+)$/.test(value)) return { code: '6', message: `'${value}' is not a decimal number` };
  let { min, max } = rule;
  if (rule.type === 'DT') {
    if (!/^\d+$/.test(value)) return { code: '8', message: `'${value}' is not a date` };
    if (max === 8 && context.version < 4000) min = max = 6;
  }
  if (rule.type === 'TM' && !/^\d+$/.test(value)) return { code: '9', message: `'${value}' is not a time` };
  const length = lengthOf(value, rule);
  if (length < min) return { code: '4', message: `${length} characters, at least ${min} expected` };
  if (length > max) return { code: '5', message: `${length} characters, at most ${max} allowed` };
  if (rule.type === 'ID' && rule.codes && !rule.codes.has(value)) return { code: '7', message: `'${value}' is not a valid code` };
  if (rule.type === 'DT' && !isX12Date(value)) return { code: '8', message: `'${value}' is not a calendar date` };
  if (rule.type === 'TM' && !isX12Time(value)) return { code: '9', message: `'${value}' is not a valid time` };
  return undefined;
}

function checkValue(value: string, rule: ElementRule, position: number, repetition: number | undefined, context: ElementCheckContext, out: ElementError[]): void {
  if (!rule.components) {
    const problem = checkSimple(value, rule, context);
    if (problem) out.push(finding(problem.code, problem.message, position, rule, value, undefined, repetition));
    return;
  }
  const components = value.split(context.separators.component);
  if (components.length > rule.components.length && context.version >= 5010) {
    out.push(finding('13', `${components.length} components, at most ${rule.components.length} allowed`, position, rule, value, rule.components.length + 1, repetition));
    return;
  }
  rule.components.forEach((componentRule, index) => {
    const component = components[index] ?? '';
    if (component === '') {
      if (componentRule.requirement === 'M') out.push(finding('1', 'mandatory component missing', position, componentRule, undefined, index + 1, repetition));
      return;
    }
    const problem = checkSimple(component, componentRule, context);
    if (problem) out.push(finding(problem.code, problem.message, position, componentRule, component, index + 1, repetition));
  });
}

function checkSyntax(present: (position: number) => boolean, rule: SegmentRule, out: ElementError[]): void {
  for (const note of rule.syntax) {
    const [first, ...others] = note.positions as [number, ...number[]];
    const given = note.positions.filter(present);
    const missing = (position: number) => out.push(finding('2', `required by syntax note ${note.kind}${note.positions.map((p) => String(p).padStart(2, '0')).join('')}`, position, rule.elements[position - 1]));
    switch (note.kind) {
      case 'P':
        if (given.length > 0) note.positions.filter((position) => !present(position)).forEach(missing);
        break;
      case 'R':
        if (given.length === 0) missing(first);
        break;
      case 'C':
        if (present(first)) others.filter((position) => !present(position)).forEach(missing);
        break;
      case 'L':
        if (present(first) && !others.some(present)) missing(others[0] as number);
        break;
      case 'E':
        if (given.length > 1) out.push(finding('10', 'exclusion condition violated', given[1] as number, rule.elements[(given[1] as number) - 1]));
        break;
    }
  }
}

/** Every element finding of one segment, in element order (syntax-note findings last). */
export function checkElements(segment: X12Segment, rule: SegmentRule, context: ElementCheckContext): ElementError[] {
  const out: ElementError[] = [];
  const { elements } = segment;
  for (let index = rule.elements.length; index < elements.length; index += 1) {
    if (elements[index] !== '') {
      out.push(finding('3', `${elements.length} elements, at most ${rule.elements.length} defined`, index + 1, undefined, elements[index]));
      break;
    }
  }
  rule.elements.forEach((elementRule, index) => {
    const value = elements[index] ?? '';
    const position = index + 1;
    if (value === '') {
      if (elementRule.requirement === 'M') out.push(finding('1', 'mandatory element missing', position, elementRule));
      return;
    }
    const { repetition } = context.separators;
    if (elementRule.repeat > 1 && repetition !== undefined) {
      const repetitions = value.split(repetition);
      if (repetitions.length > elementRule.repeat) {
        out.push(finding('12', `${repetitions.length} repetitions, at most ${elementRule.repeat} allowed`, position, elementRule, value, undefined, elementRule.repeat + 1));
        return;
      }
      repetitions.forEach((item, repetitionIndex) => {
        if (item === '') {
          if (elementRule.requirement === 'M') out.push(finding('1', 'empty repetition', position, elementRule, undefined, undefined, repetitionIndex + 1));
          return;
        }
        checkValue(item, elementRule, position, repetitions.length > 1 ? repetitionIndex + 1 : undefined, context, out);
      });
      return;
    }
    checkValue(value, elementRule, position, undefined, context, out);
  });
  checkSyntax((position) => (elements[position - 1] ?? '') !== '', rule, out);
  return out;
}
