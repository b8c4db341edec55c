/**
 * Acknowledgment builders: from the reader's results to the inputs of the TA1 and 997/999 writers. One rule set in
 * one place: a TA1 when ISA14 asks for one or the interchange has errors; no 997 when the interchange is rejected;
 * never a 997 for a 997/999 group or a TA1, never a TA1 for an interchange of acknowledgments.
 */
import { groupVersionNumber, isX12Date, isX12Time } from './dates';
import type { AckedSet, FunctionalAckInput } from './documents/997';
import type { GroupResult, InterchangeResult, SetResult } from './types';
import type { Ta1Input } from './writer';

export interface FunctionalAckOptions {
  /** 997 (default) or 999 (005010X231 partners). */
  kind?: '997' | '999';
}

/** Values echoed from the partner's data only when they are plain letters and digits, so any separators can carry them. */
const PLAIN = /^[A-Za-z0-9]+$/;

/** What the 997/999 element rules can carry: AK401 positions N0 1/2 (repetition 1/4), at most 99 AK4 per AK3, AK303 1/6 (1/4 in a 999). */
const fitsPosition = (element: { position: number; componentPosition?: number; repetitionPosition?: number }) =>
  element.position <= 99 && (element.componentPosition ?? 0) <= 99 && (element.repetitionPosition ?? 0) <= 9999;

function ackedSet(set: SetResult, versioned: boolean, kind: '997' | '999'): AckedSet {
  return {
    id: set.id,
    controlNumber: set.controlNumber,
    ...(versioned && set.implementationReference && PLAIN.test(set.implementationReference) ? { implementationReference: set.implementationReference } : {}),
    status: set.status,
    errorCodes: set.errors.map((error) => error.code),
    segmentErrors: set.segmentErrors.filter((error) => PLAIN.test(error.segmentId) && error.segmentId.length <= 3).map((error) => ({
      segmentId: error.segmentId,
      position: error.position,
      ...(error.loopId && PLAIN.test(error.loopId) && error.loopId.length <= (kind === '999' ? 4 : 6) ? { loopId: error.loopId } : {}),
      ...(error.code ? { code: error.code } : {}),
      elementErrors: error.elementErrors.filter(fitsPosition).slice(0, 99).map(({ message, ...element }) => element),
    })),
  };
}

/** Whether a group carries acknowledgments (and so is never acknowledged). */
export function isAcknowledgmentGroup(group: GroupResult): boolean {
  return group.header.functionalId === 'FA' || group.sets.some((set) => set.id === '997' || set.id === '999');
}

/**
 * The 997/999 of a group, or undefined for a group of acknowledgments or one whose GS is too broken to name (that
 * one is answered by the TA1). Sets whose ST01/ST02 cannot be written back are counted in AK9 but get no AK2; a
 * segment whose id cannot be written back gets no AK3 (its set is rejected with AK502 5 all the same).
 */
export function functionalAckFor(group: GroupResult, options: FunctionalAckOptions = {}): FunctionalAckInput | undefined {
  if (!group.headerValid || isAcknowledgmentGroup(group)) return undefined;
  const kind = options.kind ?? '997';
  const versioned = kind === '999' || groupVersionNumber(group.header.version) >= 5010;
  const included = group.declaredSetCount !== undefined && /^\d{1,6}$/.test(group.declaredSetCount) ? Number(group.declaredSetCount) : group.received;
  return {
    kind,
    functionalId: group.header.functionalId,
    groupControlNumber: group.header.controlNumber,
    ...(versioned && PLAIN.test(group.header.version) ? { groupVersion: group.header.version } : {}),
    sets: group.sets.filter((set) => /^\d{3}$/.test(set.id) && /^[A-Za-z0-9]{4,9}$/.test(set.controlNumber)).map((set) => ackedSet(set, versioned, kind)),
    status: group.status,
    errorCodes: group.errors.map((error) => error.code),
    included,
    received: group.received,
    accepted: group.accepted,
  };
}

/**
 * The TA1 of an interchange: when ISA14 asks for one or there are errors, never for an interchange carrying only
 * acknowledgments. `fallback` dates it when the ISA's own date and time cannot be echoed (YYMMDD, HHMM).
 */
export function ta1For(result: InterchangeResult, fallback: { date: string; time: string }): Ta1Input | undefined {
  if (result.acknowledgmentsOnly) return undefined;
  const requested = result.header?.ackRequested === '1';
  if (!requested && result.errors.length === 0) return undefined;
  const date = result.header?.date ?? '';
  const time = result.header?.time ?? '';
  return {
    controlNumber: result.controlNumber,
    date: /^\d{6}$/.test(date) && isX12Date(date) ? date : fallback.date,
    time: /^\d{4}$/.test(time) && isX12Time(time) ? time : fallback.time,
    ackCode: result.status,
    noteCode: result.errors[0]?.code ?? '000',
  };
}

export interface AcknowledgmentPlan {
  ta1?: Ta1Input;
  functionalAcks: FunctionalAckInput[];
}

/** Everything to send back for one received interchange. */
export function acknowledgmentPlan(
  interchange: { result: InterchangeResult; groups: readonly { result: GroupResult }[] },
  options: FunctionalAckOptions & { date: string; time: string },
): AcknowledgmentPlan {
  const ta1 = ta1For(interchange.result, options);
  const functionalAcks =
    interchange.result.status === 'R'
      ? []
      : interchange.groups.map((group) => functionalAckFor(group.result, options)).filter((ack): ack is FunctionalAckInput => ack !== undefined);
  return { ...(ta1 ? { ta1 } : {}), functionalAcks };
}
