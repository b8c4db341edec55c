/**
 * The reader's options: validated once (unknown keys and wrong types throw a TypeError naming the key), defaults
 * applied, the result frozen.
 */
import { INTERCHANGE_VERSIONS } from './codes';
import type { SetTables } from './set-table';
import { DEFAULT_SET_TABLES } from './tables';
import type { InterchangeHeader } from './types';

export interface ReaderOptions {
  /** Declarative tables of the transaction sets whose content is checked. Default: 850, 997 and 999. */
  tables?: SetTables;
  /** ISA12 values accepted; others are answered with TA1 003. Default: every published version (00200..00801). */
  interchangeVersions?: readonly string[];
  /** GS08 prefixes accepted ('004010', '005010'); others get AK905 2. Default: any. */
  groupVersions?: readonly string[];
  /** GS01 values accepted; others get AK905 1. Default: any. */
  functionalIds?: readonly string[];
  /** ST01 values accepted; others get AK502 1. Default: any. */
  transactionSets?: readonly string[];
  /** Our interchange ids (ISA08 without its padding); an interchange for anyone else gets TA1 009. Default: any. */
  receiverIds?: readonly string[];
  /**
   * Says whether an interchange was already received before this stream (by sender and ISA13); such an interchange
   * gets TA1 025. Duplicates within one stream are always caught. Default: none.
   */
  isDuplicateInterchange?: (header: InterchangeHeader) => boolean;
  /** Emit a `segment` event for every segment. Default: false. */
  emitSegments?: boolean;
  /** Keep each set's segments for its `transaction-set` event; false streams sets without holding them. Default: true. */
  retainSegments?: boolean;
  /** Characters buffered while waiting for a segment terminator; beyond it the interchange ends in TA1 022. Default: 65536. */
  maxSegmentLength?: number;
  /** Segment errors kept per transaction set (the set is rejected either way). Default: 100. */
  maxSegmentErrors?: number;
  /** How bytes are decoded. Default: 'utf8'. */
  encoding?: 'utf8' | 'latin1';
}

export interface ReaderConfig {
  readonly tables: SetTables;
  readonly interchangeVersions: readonly string[];
  readonly groupVersions?: readonly string[];
  readonly functionalIds?: readonly string[];
  readonly transactionSets?: readonly string[];
  readonly receiverIds?: readonly string[];
  readonly isDuplicateInterchange?: (header: InterchangeHeader) => boolean;
  readonly emitSegments: boolean;
  readonly retainSegments: boolean;
  readonly maxSegmentLength: number;
  readonly maxSegmentErrors: number;
  readonly encoding: 'utf8' | 'latin1';
}

export const READER_DEFAULTS = Object.freeze({
  interchangeVersions: INTERCHANGE_VERSIONS,
  emitSegments: false,
  retainSegments: true,
  maxSegmentLength: 65536,
  maxSegmentErrors: 100,
  encoding: 'utf8' as const,
});

const LISTS = ['interchangeVersions', 'groupVersions', 'functionalIds', 'transactionSets', 'receiverIds'] as const;
const FLAGS = ['emitSegments', 'retainSegments'] as const;
const COUNTS = ['maxSegmentLength', 'maxSegmentErrors'] as const;
const KNOWN = new Set<string>([...LISTS, ...FLAGS, ...COUNTS, 'tables', 'isDuplicateInterchange', 'encoding']);

export function resolveReaderOptions(options: ReaderOptions = {}): ReaderConfig {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`x12Reader.${key}: unknown option`);
  }
  for (const key of LISTS) {
    const value = options[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))) {
      throw new TypeError(`x12Reader.${key}: must be a list of strings`);
    }
  }
  for (const key of FLAGS) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new TypeError(`x12Reader.${key}: must be a boolean`);
  }
  for (const key of COUNTS) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new TypeError(`x12Reader.${key}: must be a positive integer`);
  }
  if (options.encoding !== undefined && options.encoding !== 'utf8' && options.encoding !== 'latin1') {
    throw new TypeError("x12Reader.encoding: must be 'utf8' or 'latin1'");
  }
  if (options.tables !== undefined && typeof options.tables?.get !== 'function') throw new TypeError('x12Reader.tables: must come from compileSetTables');
  if (options.isDuplicateInterchange !== undefined && typeof options.isDuplicateInterchange !== 'function') {
    throw new TypeError('x12Reader.isDuplicateInterchange: must be a function');
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return Object.freeze({ ...READER_DEFAULTS, tables: DEFAULT_SET_TABLES, ...defined }) as ReaderConfig;
}
