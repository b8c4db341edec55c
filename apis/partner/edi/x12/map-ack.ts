/**
 * Reads a received 997 or 999 into a plain acknowledgment, to match against the groups and sets we sent (by GS06 and
 * ST02): the group and set statuses and the segment and element errors the partner reported. Never throws.
 */
import { splitComponents } from './separators';
import type { TransactionSet, X12Segment } from './types';

export interface ReceivedElementError {
  /** AK401 / IK401: element position, component position, repetition position. */
  position: number;
  componentPosition?: number;
  repetitionPosition?: number;
  elementRef?: string;
  code: string;
  badData?: string;
}

export interface ReceivedSegmentError {
  segmentId: string;
  position: string;
  loopId?: string;
  code?: string;
  elementErrors: ReceivedElementError[];
}

export interface ReceivedSetAck {
  id: string;
  controlNumber: string;
  implementationReference?: string;
  /** AK501 / IK501. */
  status: string;
  errorCodes: string[];
  segmentErrors: ReceivedSegmentError[];
}

export interface ReceivedFunctionalAck {
  kind: '997' | '999';
  /** AK101/AK102/AK103: the group of ours it answers. */
  functionalId: string;
  groupControlNumber: string;
  groupVersion?: string;
  /** AK901..AK904. */
  status: string;
  included: string;
  received: string;
  accepted: string;
  errorCodes: string[];
  sets: ReceivedSetAck[];
}

export type ReadAckResult = { ok: true; ack: ReceivedFunctionalAck } | { ok: false; errors: string[] };

const element = (segment: X12Segment, position: number): string => segment.elements[position - 1] ?? '';
const codesFrom = (segment: X12Segment, from: number): string[] => segment.elements.slice(from - 1).filter((code) => code !== '');

export function readFunctionalAck(set: TransactionSet): ReadAckResult {
  if (set.id !== '997' && set.id !== '999') return { ok: false, errors: [`transaction set ${set.id} is not a 997 or 999`] };
  const ak1 = set.segments.find((segment) => segment.id === 'AK1');
  const ak9 = set.segments.find((segment) => segment.id === 'AK9');
  if (!ak1 || !ak9) return { ok: false, errors: [`the ${set.id} lacks its ${ak1 ? 'AK9' : 'AK1'}`] };
  const separators = set.interchange.separators;
  const ack: ReceivedFunctionalAck = {
    kind: set.id,
    functionalId: element(ak1, 1),
    groupControlNumber: element(ak1, 2),
    ...(element(ak1, 3) ? { groupVersion: element(ak1, 3) } : {}),
    status: element(ak9, 1),
    included: element(ak9, 2),
    received: element(ak9, 3),
    accepted: element(ak9, 4),
    errorCodes: codesFrom(ak9, 5),
    sets: [],
  };
  let current: ReceivedSetAck | undefined;
  let segmentError: ReceivedSegmentError | undefined;
  for (const segment of set.segments) {
    switch (segment.id) {
      case 'AK2':
        current = {
          id: element(segment, 1),
          controlNumber: element(segment, 2),
          ...(element(segment, 3) ? { implementationReference: element(segment, 3) } : {}),
          status: '',
          errorCodes: [],
          segmentErrors: [],
        };
        ack.sets.push(current);
        segmentError = undefined;
        break;
      case 'AK3':
      case 'IK3':
        if (!current) break;
        segmentError = {
          segmentId: element(segment, 1),
          position: element(segment, 2),
          ...(element(segment, 3) ? { loopId: element(segment, 3) } : {}),
          ...(element(segment, 4) ? { code: element(segment, 4) } : {}),
          elementErrors: [],
        };
        current.segmentErrors.push(segmentError);
        break;
      case 'AK4':
      case 'IK4': {
        if (!segmentError) break;
        const [position = '', component = '', repetition = ''] = splitComponents(element(segment, 1), separators);
        segmentError.elementErrors.push({
          position: Number(position),
          ...(component ? { componentPosition: Number(component) } : {}),
          ...(repetition ? { repetitionPosition: Number(repetition) } : {}),
          ...(element(segment, 2) ? { elementRef: element(segment, 2) } : {}),
          code: element(segment, 3),
          ...(element(segment, 4) ? { badData: element(segment, 4) } : {}),
        });
        break;
      }
      case 'AK5':
      case 'IK5':
        if (!current) break;
        current.status = element(segment, 1);
        current.errorCodes = codesFrom(segment, 2);
        segmentError = undefined;
        break;
    }
  }
  return { ok: true, ack };
}
