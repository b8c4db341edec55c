/**
 * The convenience reader for text already in memory: every interchange with its groups, sets and findings.
 */
import type { ReaderOptions } from './options';
import { createX12Reader } from './reader';
import type { GroupHeader, GroupResult, InterchangeHeader, InterchangeResult, TransactionSet, UnrecognizedText, X12Event } from './types';

export interface ParsedGroup {
  header: GroupHeader;
  result: GroupResult;
  sets: TransactionSet[];
}

export interface ParsedInterchange {
  /** Absent when the ISA could not be read. */
  header?: InterchangeHeader;
  result: InterchangeResult;
  groups: ParsedGroup[];
}

export interface X12Document {
  interchanges: ParsedInterchange[];
  unrecognized: UnrecognizedText[];
}

/** Collects reader events into interchanges. */
export function collectX12(events: Iterable<X12Event>): X12Document {
  const document: X12Document = { interchanges: [], unrecognized: [] };
  let groups: ParsedGroup[] = [];
  let sets: TransactionSet[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'interchange-start':
        groups = [];
        break;
      case 'group-start':
        sets = [];
        break;
      case 'transaction-set':
        sets.push(event.set);
        break;
      case 'group-end':
        groups.push({ header: event.result.header, result: event.result, sets });
        sets = [];
        break;
      case 'interchange-end':
        document.interchanges.push({ ...(event.result.header ? { header: event.result.header } : {}), result: event.result, groups: event.result.header ? groups : [] });
        groups = [];
        break;
      case 'unrecognized':
        document.unrecognized.push(event.text);
        break;
      case 'segment':
        break;
    }
  }
  return document;
}

/** Reads a whole X12 text (or its bytes): several interchanges, each with its own separators. Never throws on input. */
export function parseX12(input: string | Uint8Array, options?: ReaderOptions): X12Document {
  const reader = createX12Reader(options);
  return collectX12([...reader.write(input), ...reader.end()]);
}
