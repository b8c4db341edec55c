/**
 * Envelope validation, one token at a time: ISA fields, ISA/IEA, GS/GE and ST/SE pairing, counts and control
 * numbers (compared as numbers), duplicates, and content outside its envelope. Interchange findings carry TA105
 * note codes, group findings AK905 codes, set findings AK502 codes; set content goes to the set's table when there
 * is one. Holds only the current interchange, group and transaction set.
 */
import { digitsValue, hasControlCharacter, isDigits, isDigitsOfLength } from './chars';
import { FUNCTIONAL_IDS, type GroupErrorCode, type Ta1NoteCode } from './codes';
import { groupVersionNumber } from './dates';
import { checkGroupHeader, checkInterchangeHeader } from './header-checks';
import { isCount, sameNumber, stripZeros } from './numbers';
import type { ReaderConfig } from './options';
import { isaSegment } from './separators';
import { SetValidator } from './set-validator';
import type { Token } from './tokenizer';
import type {
  GroupHeader,
  GroupIssue,
  InterchangeError,
  InterchangeHeader,
  InterchangeResult,
  ReceivedTa1,
  SegmentError,
  SetIssue,
  SetResult,
  Separators,
  TransactionSet,
  X12Event,
  X12Segment,
} from './types';

const MAX_INTERCHANGE_ERRORS = 100;
/** ST01 → the GS01 it travels in, as a map: an ST01 such as 'constructor' must not find Object.prototype's. */
const FUNCTIONAL_ID_OF: ReadonlyMap<string, string> = new Map(Object.entries(FUNCTIONAL_IDS));
const UNREADABLE_CODES: Record<Extract<Token, { kind: 'isa-unreadable' }>['read']['reason'], Ta1NoteCode> = {
  'element-separator': '026',
  'segment-terminator': '004',
  structure: '022',
  truncated: '023',
};

/** Every field always present (one object shape for every set). */
interface OpenSet {
  id: string;
  controlNumber: string;
  implementationReference: string | undefined;
  segments: X12Segment[];
  count: number;
  errors: SetIssue[];
  segmentErrors: SegmentError[];
  dropped: number;
  validator: SetValidator | undefined;
}

interface OpenGroup {
  header: GroupHeader;
  headerValid: boolean;
  errors: GroupIssue[];
  sets: SetResult[];
  controls: Set<ControlKey>;
  received: number;
  accepted: number;
  warnings: string[];
  set?: OpenSet;
}

interface OpenInterchange {
  header: InterchangeHeader;
  errors: InterchangeError[];
  groupCount: number;
  groupControls: Set<ControlKey>;
  ta1s: ReceivedTa1[];
  ackGroups: number;
  otherGroups: number;
  group?: OpenGroup;
  /** Skipping a transaction set found outside any functional group. */
  orphanSet: boolean;
}

/** Zero padding off a digit string, so control numbers compare as numbers. */
function numericKey(value: string): string {
  return isDigits(value) ? stripZeros(value) : value;
}

/** A control number as a key that compares as a number; what is not digits compares verbatim. */
type ControlKey = string | number;

/**
 * `numericKey` for the per-group sets of control numbers, which see every ST02: a number when the digits are exact
 * as one (no string to strip and hash per set), the verbatim text otherwise.
 */
function controlKey(value: string): ControlKey {
  if (!isDigits(value)) return value;
  let first = 0;
  while (first < value.length - 1 && value.charCodeAt(first) === 48) first += 1;
  const digits = value.length - first;
  return digits <= 15 ? digitsValue(value, first, digits) : value.slice(first);
}

function headerFrom(fields: string[], separators: Separators, offset: number): InterchangeHeader {
  const field = (index: number) => fields[index] ?? '';
  return {
    separators,
    authorizationQualifier: field(0),
    authorization: field(1),
    securityQualifier: field(2),
    security: field(3),
    senderQualifier: field(4),
    senderId: field(5),
    receiverQualifier: field(6),
    receiverId: field(7),
    date: field(8),
    time: field(9),
    standardsOrRepetition: field(10),
    version: field(11),
    controlNumber: field(12),
    ackRequested: field(13),
    usage: field(14),
    offset,
    segment: isaSegment(fields),
  };
}

export class EnvelopeValidator {
  private interchange: OpenInterchange | undefined;
  /** Interchanges seen in this stream, by sender and control number. */
  private readonly seen = new Set<string>();
  /** The findings of one segment, reused: most segments have none. */
  private readonly found: SegmentError[] = [];

  constructor(private readonly config: ReaderConfig) {}

  /** Segments of the current transaction set held right now. */
  get heldSegments(): number {
    return this.interchange?.group?.set?.segments.length ?? 0;
  }

  accept(token: Token, out: X12Event[]): void {
    switch (token.kind) {
      case 'unrecognized':
        out.push({ type: 'unrecognized', text: token.text });
        return;
      case 'isa':
        if (this.interchange) this.closeInterchange(undefined, out);
        this.openInterchange(headerFrom(token.read.fields, token.read.separators, token.offset), out);
        return;
      case 'isa-unreadable': {
        if (this.interchange) this.closeInterchange(undefined, out);
        const code = UNREADABLE_CODES[token.read.reason];
        const controlNumber = token.read.fields[12] ?? '';
        out.push({
          type: 'interchange-end',
          result: {
            controlNumber: isDigitsOfLength(controlNumber, 9) ? controlNumber : '000000000',
            status: 'R',
            errors: [{ code, message: `the ISA at offset ${token.offset} cannot be read (${token.read.reason})` }],
            groupCount: 0,
            receivedTa1s: [],
            acknowledgmentsOnly: false,
          },
        });
        return;
      }
      case 'overflow':
        if (this.interchange) {
          this.addError('022', `a segment at offset ${token.offset} exceeds ${this.config.maxSegmentLength} characters without a terminator`);
          this.closeInterchange(undefined, out, false);
        }
        return;
      case 'segment':
        this.segment(token.segment, token.offset, out);
        return;
    }
  }

  /** End of input: an open interchange ends without its IEA. */
  finish(out: X12Event[]): void {
    if (this.interchange) this.closeInterchange(undefined, out);
  }

  private addError(code: Ta1NoteCode, message: string): void {
    const interchange = this.interchange;
    if (interchange && interchange.errors.length < MAX_INTERCHANGE_ERRORS) interchange.errors.push({ code, message });
  }

  private openInterchange(header: InterchangeHeader, out: X12Event[]): void {
    const errors = checkInterchangeHeader(header, this.config);
    if (this.config.receiverIds && !this.config.receiverIds.includes(header.receiverId.trim())) {
      errors.push({ code: '009', message: `ISA08 '${header.receiverId.trim()}' is not one of our interchange ids` });
    }
    if (isDigitsOfLength(header.controlNumber, 9)) {
      const key = `${header.senderQualifier}|${header.senderId.trim()}|${numericKey(header.controlNumber)}`;
      if (this.seen.has(key) || this.config.isDuplicateInterchange?.(header)) {
        errors.push({ code: '025', message: `interchange ${header.controlNumber} from ${header.senderId.trim()} was already received` });
      }
      this.seen.add(key);
    }
    this.interchange = { header, errors, groupCount: 0, groupControls: new Set(), ta1s: [], ackGroups: 0, otherGroups: 0, orphanSet: false };
    out.push({ type: 'interchange-start', header });
  }

  private closeInterchange(iea: X12Segment | undefined, out: X12Event[], reportMissing = true): void {
    const interchange = this.interchange as OpenInterchange;
    if (interchange.group) this.closeGroup(undefined, out);
    if (iea) {
      const [count = '', control = ''] = iea.elements;
      if (!isCount(count, interchange.groupCount)) this.addError('021', `IEA01 '${count}' but ${interchange.groupCount} functional groups received`);
      if (!sameNumber(control, interchange.header.controlNumber)) {
        this.addError('001', `IEA02 '${control}' does not match ISA13 '${interchange.header.controlNumber}'`);
      }
    } else if (reportMissing) {
      this.addError('023', 'the interchange ends without its IEA');
    }
    const { header, errors } = interchange;
    const result: InterchangeResult = {
      header,
      controlNumber: isDigitsOfLength(header.controlNumber, 9) ? header.controlNumber : '000000000',
      status: errors.length > 0 ? 'R' : 'A',
      errors,
      groupCount: interchange.groupCount,
      receivedTa1s: interchange.ta1s,
      acknowledgmentsOnly: interchange.ta1s.length + interchange.ackGroups > 0 && interchange.otherGroups === 0,
    };
    this.interchange = undefined;
    out.push({ type: 'interchange-end', result });
  }

  /** One segment at stream offset `offset` (what `accept` does with a segment token, without the token). */
  segment(segment: X12Segment, offset: number, out: X12Event[]): void {
    const interchange = this.interchange;
    if (!interchange) {
      out.push({ type: 'unrecognized', text: { offset, length: segment.id.length, preview: segment.id } });
      return;
    }
    if (this.config.emitSegments) out.push({ type: 'segment', segment, offset, interchange: interchange.header });
    if (interchange.orphanSet) {
      if (segment.id === 'SE') {
        interchange.orphanSet = false;
        return;
      }
      if (segment.id !== 'GS' && segment.id !== 'GE' && segment.id !== 'IEA') return;
      interchange.orphanSet = false;
    }
    const group = interchange.group;
    const set = group?.set;
    switch (segment.id) {
      case 'IEA':
        this.closeInterchange(segment, out);
        return;
      case 'GS':
        if (group) this.closeGroup(undefined, out);
        this.openGroup(segment, out);
        return;
      case 'GE':
        if (group) this.closeGroup(segment, out);
        else this.addError('024', 'GE without a GS');
        return;
      case 'ST':
        if (!group) {
          this.addError('024', 'a transaction set outside any functional group');
          interchange.orphanSet = true;
          return;
        }
        if (set) this.closeSet(undefined, out);
        this.openSet(segment);
        return;
      case 'SE':
        if (set) this.closeSet(segment, out);
        else this.addError('024', 'SE without an ST');
        return;
    }
    if (set) {
      this.addToSet(set, segment);
      return;
    }
    if (!group && segment.id === 'TA1') {
      const [controlNumber = '', date = '', time = '', ackCode = '', noteCode = ''] = segment.elements;
      interchange.ta1s.push({ controlNumber, date, time, ackCode, noteCode });
      return;
    }
    if (!group && (segment.id === 'ISB' || segment.id === 'ISE')) return;
    this.addError('024', `${segment.id || 'an empty segment'} ${group ? 'between transaction sets' : 'outside any functional group'}`);
  }

  private openGroup(gs: X12Segment, out: X12Event[]): void {
    const interchange = this.interchange as OpenInterchange;
    const element = (index: number) => gs.elements[index] ?? '';
    const header: GroupHeader = {
      functionalId: element(0),
      senderCode: element(1),
      receiverCode: element(2),
      date: element(3),
      time: element(4),
      controlNumber: element(5),
      agency: element(6),
      version: element(7),
      segment: gs,
    };
    const problems = checkGroupHeader(header);
    for (const problem of problems) this.addError('024', problem);
    const errors: GroupIssue[] = [];
    const add = (code: GroupErrorCode, message: string) => errors.push({ code, message });
    if (problems.length === 0) {
      const key = controlKey(header.controlNumber);
      if (interchange.groupControls.has(key)) add('19', `group control number ${header.controlNumber} is used twice in the interchange`);
      interchange.groupControls.add(key);
      if (this.config.functionalIds && !this.config.functionalIds.includes(header.functionalId)) add('1', `functional group ${header.functionalId} is not supported`);
      if (this.config.groupVersions && !this.config.groupVersions.some((prefix) => header.version.startsWith(prefix))) {
        add('2', `version ${header.version} is not supported`);
      }
    }
    interchange.groupCount += 1;
    if (header.functionalId === 'FA') interchange.ackGroups += 1;
    else interchange.otherGroups += 1;
    interchange.group = { header, headerValid: problems.length === 0, errors, sets: [], controls: new Set(), received: 0, accepted: 0, warnings: [] };
    out.push({ type: 'group-start', header, interchange: interchange.header });
  }

  private closeGroup(ge: X12Segment | undefined, out: X12Event[]): void {
    const interchange = this.interchange as OpenInterchange;
    const group = interchange.group as OpenGroup;
    if (group.set) this.closeSet(undefined, out);
    const add = (code: GroupErrorCode, message: string) => group.errors.push({ code, message });
    let declaredSetCount: string | undefined;
    if (ge) {
      const [count = '', control = ''] = ge.elements;
      declaredSetCount = count;
      if (!isCount(count, group.received)) add('5', `GE01 '${count}' but ${group.received} transaction sets received`);
      if (!sameNumber(control, group.header.controlNumber)) add('4', `GE02 '${control}' does not match GS06 '${group.header.controlNumber}'`);
    } else {
      add('3', 'the functional group ends without its GE');
    }
    const status =
      group.errors.length > 0 || !group.headerValid ? 'R' : group.accepted === group.received ? 'A' : group.accepted === 0 ? 'R' : 'P';
    interchange.group = undefined;
    out.push({
      type: 'group-end',
      interchange: interchange.header,
      result: {
        header: group.header,
        headerValid: group.headerValid,
        status,
        errors: group.errors,
        ...(declaredSetCount === undefined ? {} : { declaredSetCount }),
        received: group.received,
        accepted: group.accepted,
        sets: group.sets,
        warnings: group.warnings,
      },
    });
  }

  private openSet(st: X12Segment): void {
    const interchange = this.interchange as OpenInterchange;
    const group = interchange.group as OpenGroup;
    const id = st.elements[0] ?? '';
    const controlNumber = st.elements[1] ?? '';
    const implementationReference = st.elements[2] || undefined;
    const errors: SetIssue[] = [];
    let known = true;
    if (!isDigitsOfLength(id, 3)) {
      errors.push({ code: '6', message: `ST01 '${id}' is not a transaction set identifier` });
      known = false;
    } else if (this.config.transactionSets && !this.config.transactionSets.includes(id)) {
      errors.push({ code: '1', message: `transaction set ${id} is not supported` });
      known = false;
    }
    if (controlNumber.length < 4 || controlNumber.length > 9 || hasControlCharacter(controlNumber)) {
      errors.push({ code: '7', message: `ST02 '${controlNumber}' is not a 4-9 character control number` });
    } else {
      const key = controlKey(controlNumber);
      if (group.controls.has(key)) errors.push({ code: '23', message: `transaction set control number ${controlNumber} is used twice in the group` });
      group.controls.add(key);
    }
    const expected = FUNCTIONAL_ID_OF.get(id);
    if (expected && expected !== group.header.functionalId) {
      const warning = `GS01 ${group.header.functionalId} does not match ST01 ${id} (expected ${expected})`;
      if (!group.warnings.includes(warning)) group.warnings.push(warning);
    }
    const table = known ? this.config.tables.get(id) : undefined;
    group.set = {
      id,
      controlNumber,
      implementationReference,
      segments: this.config.retainSegments ? [st] : [],
      count: 1,
      errors,
      segmentErrors: [],
      dropped: 0,
      validator: table
        ? new SetValidator(table, { separators: interchange.header.separators, version: groupVersionNumber(group.header.version) })
        : undefined,
    };
  }

  private recordSegmentErrors(set: OpenSet, errors: SegmentError[]): void {
    for (const error of errors) {
      if (set.segmentErrors.length < this.config.maxSegmentErrors) set.segmentErrors.push(error);
      else set.dropped += 1;
    }
  }

  private addToSet(set: OpenSet, segment: X12Segment): void {
    set.count += 1;
    if (this.config.retainSegments) set.segments.push(segment);
    if (!set.validator) return;
    const found = this.found;
    set.validator.check(segment, set.count, found);
    if (found.length === 0) return;
    this.recordSegmentErrors(set, found);
    found.length = 0;
  }

  private closeSet(se: X12Segment | undefined, out: X12Event[]): void {
    const interchange = this.interchange as OpenInterchange;
    const group = interchange.group as OpenGroup;
    const set = group.set as OpenSet;
    const { errors } = set;
    if (se) {
      set.count += 1;
      if (this.config.retainSegments) set.segments.push(se);
      const count = se.elements[0] ?? '';
      const control = se.elements[1] ?? '';
      if (set.validator) this.recordSegmentErrors(set, set.validator.finish(set.count));
      if (!isCount(count, set.count)) errors.push({ code: '4', message: `SE01 '${count}' but ${set.count} segments received` });
      if (!sameNumber(control, set.controlNumber)) errors.push({ code: '3', message: `SE02 '${control}' does not match ST02 '${set.controlNumber}'` });
    } else {
      errors.push({ code: '2', message: 'the transaction set ends without its SE' });
    }
    if (set.segmentErrors.length > 0) errors.push({ code: '5', message: `${set.segmentErrors.length + set.dropped} segments in error` });
    // Built property by property, in the order the types list them (JSON reads the same), without object spreads:
    // this runs for every set.
    const result = { id: set.id, controlNumber: set.controlNumber } as SetResult;
    if (set.implementationReference) result.implementationReference = set.implementationReference;
    result.status = errors.length > 0 ? 'R' : 'A';
    result.errors = errors;
    result.segmentErrors = set.segmentErrors;
    result.segmentCount = set.count;
    result.contentChecked = set.validator !== undefined;
    group.sets.push(result);
    group.received += 1;
    if (result.status !== 'R') group.accepted += 1;
    group.set = undefined;
    const transactionSet = { id: set.id, controlNumber: set.controlNumber } as TransactionSet;
    if (set.implementationReference) transactionSet.implementationReference = set.implementationReference;
    transactionSet.segments = set.segments;
    transactionSet.interchange = interchange.header;
    transactionSet.group = group.header;
    transactionSet.result = result;
    out.push({ type: 'transaction-set', set: transactionSet });
  }
}
