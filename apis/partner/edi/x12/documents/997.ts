/**
 * The 997 Functional Acknowledgment and the 999 Implementation Acknowledgment (005010X231) of one functional group:
 * AK1, AK2/AK3/AK4/AK5 (IK3/IK4/IK5 in the 999), AK9. Never made for a group of acknowledgments.
 */
import type { ElementErrorCode, GroupAckCode, GroupErrorCode, SegmentErrorCode, SetAckCode, SetErrorCode } from '../codes';
import type { Separators } from '../types';
import type { SegmentInput, TransactionSetInput } from '../writer';

export interface AckedElementError {
  position: number;
  componentPosition?: number;
  repetitionPosition?: number;
  elementRef?: string;
  code: ElementErrorCode;
  badData?: string;
}

export interface AckedSegmentError {
  segmentId: string;
  position: number;
  loopId?: string;
  code?: SegmentErrorCode;
  elementErrors: readonly AckedElementError[];
}

export interface AckedSet {
  /** AK201. */
  id: string;
  /** AK202. */
  controlNumber: string;
  /** AK203 (written only when the acknowledgment carries versions: a 999 or a 005010 997). */
  implementationReference?: string;
  status: SetAckCode;
  errorCodes: readonly SetErrorCode[];
  segmentErrors: readonly AckedSegmentError[];
}

export interface FunctionalAckInput {
  kind: '997' | '999';
  /** AK101: GS01 of the group acknowledged. */
  functionalId: string;
  /** AK102: GS06 of the group acknowledged. */
  groupControlNumber: string;
  /** AK103: GS08 of the group acknowledged; required in a 999, written in a 997 when given. */
  groupVersion?: string;
  sets: readonly AckedSet[];
  status: GroupAckCode;
  errorCodes: readonly GroupErrorCode[];
  /** AK902, AK903, AK904. */
  included: number;
  received: number;
  accepted: number;
}

/** GS08 and ST03 of a 999. */
export const IMPLEMENTATION_ACK_VERSION = '005010X231';

/**
 * The segments between ST and SE. With `separators`, a copy of bad data (AK404) that contains one of them is left
 * out, since X12 cannot carry it.
 */
export function functionalAckSegments(input: FunctionalAckInput, separators?: Separators): SegmentInput[] {
  const is999 = input.kind === '999';
  const withVersions = is999 || input.groupVersion !== undefined;
  const carriable = (value: string | undefined) =>
    value !== undefined && !/[\u0000-\u001f]/.test(value) && !(separators && [separators.element, separators.component, separators.segment, separators.repetition].some((s) => s !== undefined && value.includes(s)));
  const segments: SegmentInput[] = [{ id: 'AK1', elements: [input.functionalId, input.groupControlNumber, withVersions ? input.groupVersion : undefined] }];
  for (const set of input.sets) {
    segments.push({ id: 'AK2', elements: [set.id, set.controlNumber, withVersions ? set.implementationReference : undefined] });
    for (const error of set.segmentErrors) {
      segments.push({ id: is999 ? 'IK3' : 'AK3', elements: [error.segmentId, String(error.position), error.loopId, error.code] });
      for (const element of error.elementErrors) {
        const position = [String(element.position), element.componentPosition?.toString() ?? '', element.repetitionPosition?.toString() ?? ''];
        segments.push({
          id: is999 ? 'IK4' : 'AK4',
          elements: [position, element.elementRef, element.code, carriable(element.badData) ? element.badData : undefined],
        });
      }
    }
    segments.push({ id: is999 ? 'IK5' : 'AK5', elements: [set.status, ...set.errorCodes.slice(0, 5)] });
  }
  segments.push({
    id: 'AK9',
    elements: [input.status, String(input.included), String(input.received), String(input.accepted), ...input.errorCodes.slice(0, 5)],
  });
  return segments;
}

/** The 997 or 999 as a transaction set (ST03 005010X231 for a 999). */
export function functionalAckSet(input: FunctionalAckInput, controlNumber: string | number, separators?: Separators): TransactionSetInput {
  return {
    id: input.kind,
    controlNumber,
    ...(input.kind === '999' ? { implementationReference: IMPLEMENTATION_ACK_VERSION } : {}),
    segments: functionalAckSegments(input, separators),
  };
}
