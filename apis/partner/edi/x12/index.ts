/**
 * Our X12 codec: a streaming reader that keeps every interchange's separators and every element verbatim, envelope
 * and content validation with the standard TA1/997/999 codes, acknowledgment builders, a generic writer and the
 * 855/856/810/997 document writers, and the 850 to purchase order mapping.
 */
export * from './codes';
export type * from './types';
export { X12WriteError, X12_WRITE_ERROR_CODES, type X12WriteErrorCode } from './errors';
export { isAlphanumeric, readIsa, splitComponents, splitRepetitions, ISA_LENGTH, type IsaRead } from './separators';
export { X12Tokenizer, type Token } from './tokenizer';
export { resolveReaderOptions, READER_DEFAULTS, type ReaderConfig, type ReaderOptions } from './options';
export { createX12Reader, type X12Reader } from './reader';
export { createX12Stream, readX12 } from './stream';
export { collectX12, parseX12, type ParsedGroup, type ParsedInterchange, type X12Document } from './parse';
export { EnvelopeValidator } from './envelope';
export { checkGroupHeader, checkInterchangeHeader } from './header-checks';
export {
  compileSetTable,
  compileSetTables,
  type ElementRule,
  type ElementSpec,
  type LoopNode,
  type SegmentRule,
  type SetTable,
  type SetTableSpec,
  type SetTables,
  type StructureNode,
  type StructureSpec,
} from './set-table';
export { DEFAULT_SET_TABLES, table850, table997, table999 } from './tables';
export { SetValidator } from './set-validator';
export { checkElements, type ElementCheckContext } from './element-check';
export { acknowledgmentPlan, functionalAckFor, isAcknowledgmentGroup, ta1For, type AcknowledgmentPlan, type FunctionalAckOptions } from './acks';
export {
  formatSegment,
  interchangeControlNumber,
  replyEnvelope,
  setControlNumber,
  writeInterchange,
  type ElementValue,
  type GroupInput,
  type InterchangeInput,
  type SegmentInput,
  type Ta1Input,
  type TransactionSetInput,
  type WriteOptions,
} from './writer';
export * from './documents/997';
export * from './documents/855';
export * from './documents/856';
export * from './documents/810';
export { type Reference } from './documents/common';
export { map850, sourceReference, type Map850Result, type OrderPurpose850, type Party850, type PurchaseOrder850, type PurchaseOrder850Line, type X12SourceReference } from './map-850';
export { readFunctionalAck, type ReadAckResult, type ReceivedFunctionalAck, type ReceivedSegmentError, type ReceivedSetAck, type ReceivedElementError } from './map-ack';
export { fromImpliedDecimal, normalizeDecimal, sameNumber, toImpliedDecimal } from './numbers';
export { isoToX12Date, isoToX12Time, isX12Date, isX12Time, x12DateToIso } from './dates';
export * from './qualifiers';
