/** The shapes the X12 reader hands out: segments, envelope headers, validation results and reader events. */
import type {
  ElementErrorCode,
  GroupAckCode,
  GroupErrorCode,
  SegmentErrorCode,
  SetAckCode,
  SetErrorCode,
  Ta1AckCode,
  Ta1NoteCode,
} from './codes';

/** The separators one interchange declares in its ISA. Each interchange of a file has its own. */
export interface Separators {
  /** ISA byte 3. */
  element: string;
  /** ISA16. */
  component: string;
  /** ISA11, only from version 00402 on and only when it is not alphanumeric; absent otherwise. */
  repetition?: string;
  /** The character right after ISA16. */
  segment: string;
}

/** One segment, elements verbatim (never trimmed, never split): `elements[0]` is XX01. */
export interface X12Segment {
  id: string;
  elements: string[];
}

/** The ISA, field by field, verbatim (ISA06/ISA08 keep their padding). */
export interface InterchangeHeader {
  separators: Separators;
  authorizationQualifier: string;
  authorization: string;
  securityQualifier: string;
  security: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09, YYMMDD. */
  date: string;
  /** ISA10, HHMM. */
  time: string;
  /** ISA11 as sent: the standards identifier ('U') before 00402, the repetition separator after. */
  standardsOrRepetition: string;
  /** ISA12. */
  version: string;
  /** ISA13. */
  controlNumber: string;
  /** ISA14. */
  ackRequested: string;
  /** ISA15: P production, T test, I information. */
  usage: string;
  /** Character offset of the ISA in the stream. */
  offset: number;
  /** The ISA as a segment (ISA01..ISA16). */
  segment: X12Segment;
}

/** The GS, field by field, verbatim. */
export interface GroupHeader {
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  date: string;
  time: string;
  controlNumber: string;
  agency: string;
  version: string;
  segment: X12Segment;
}

/** A TA1 received inside an interchange (an acknowledgment of one of our interchanges). */
export interface ReceivedTa1 {
  controlNumber: string;
  date: string;
  time: string;
  ackCode: string;
  noteCode: string;
}

export interface InterchangeError {
  code: Ta1NoteCode;
  message: string;
}

/** What the envelope checks made of one interchange: TA104 status and TA105 note codes. */
export interface InterchangeResult {
  /** Absent when the ISA could not be read at all. */
  header?: InterchangeHeader;
  /** ISA13 when it is 9 digits, else '000000000'. */
  controlNumber: string;
  /** R as soon as there is an error; A otherwise. */
  status: Ta1AckCode;
  /** In the order found; the first one is the TA105. */
  errors: InterchangeError[];
  /** Functional groups actually received. */
  groupCount: number;
  /** TA1 segments carried by the interchange. */
  receivedTa1s: ReceivedTa1[];
  /** True when the interchange carries only acknowledgments (TA1s, FA groups): never answered with a TA1. */
  acknowledgmentsOnly: boolean;
}

export interface ElementError {
  /** 1-based element position in the segment (AK401 / IK401-1). */
  position: number;
  componentPosition?: number;
  repetitionPosition?: number;
  /** Data element reference number (AK402). */
  elementRef?: string;
  code: ElementErrorCode;
  /** A copy of the bad data (AK404), when there is some. */
  badData?: string;
  message: string;
}

export interface SegmentError {
  segmentId: string;
  /** 1-based position in the transaction set, ST being 1 (AK302). */
  position: number;
  /** The loop the segment is in (AK303), when it is in one. */
  loopId?: string;
  code?: SegmentErrorCode;
  message: string;
  elementErrors: ElementError[];
}

export interface SetIssue {
  code: SetErrorCode;
  message: string;
}

/** The AK2..AK5 of one transaction set. */
export interface SetResult {
  id: string;
  controlNumber: string;
  implementationReference?: string;
  status: SetAckCode;
  errors: SetIssue[];
  segmentErrors: SegmentError[];
  /** Segments received, ST and SE included. */
  segmentCount: number;
  /** Whether a declarative table checked the content (otherwise only the envelope was checked). */
  contentChecked: boolean;
}

export interface GroupIssue {
  code: GroupErrorCode;
  message: string;
}

/** The AK1/AK9 of one functional group, with the results of its sets. */
export interface GroupResult {
  header: GroupHeader;
  /** False when the GS itself is invalid (a TA1 024): such a group cannot be answered with a 997. */
  headerValid: boolean;
  status: GroupAckCode;
  errors: GroupIssue[];
  /** GE01 as sent, when there was a GE. */
  declaredSetCount?: string;
  received: number;
  accepted: number;
  sets: SetResult[];
  /** Findings that are not X12 syntax errors (a GS01 that disagrees with ST01). */
  warnings: string[];
}

/** A complete transaction set with its envelope context. */
export interface TransactionSet {
  id: string;
  controlNumber: string;
  implementationReference?: string;
  /** ST..SE as received (empty when the reader is told not to retain segments). */
  segments: X12Segment[];
  interchange: InterchangeHeader;
  group: GroupHeader;
  result: SetResult;
}

/** Something that is not X12 between interchanges (trailing 0x1A, whitespace and a byte-order mark are not reported). */
export interface UnrecognizedText {
  offset: number;
  length: number;
  /** The first characters. */
  preview: string;
}

export type X12Event =
  | { type: 'interchange-start'; header: InterchangeHeader }
  | { type: 'group-start'; header: GroupHeader; interchange: InterchangeHeader }
  | { type: 'segment'; segment: X12Segment; offset: number; interchange: InterchangeHeader }
  | { type: 'transaction-set'; set: TransactionSet }
  | { type: 'group-end'; result: GroupResult; interchange: InterchangeHeader }
  | { type: 'interchange-end'; result: InterchangeResult }
  | { type: 'unrecognized'; text: UnrecognizedText };
