/** Builds small X12 texts for the codec's tests, by hand (not with our writer), so the reader is tested on its own. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseX12, type ParsedInterchange, type ReaderOptions, type X12Document } from '../../../apis/partner/edi/x12';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'x12');

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((name) => name.endsWith('.edi')).sort();
}

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export interface IsaFields {
  authorizationQualifier: string;
  authorization: string;
  securityQualifier: string;
  security: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  date: string;
  time: string;
  isa11: string;
  version: string;
  control: string;
  ackRequested: string;
  usage: string;
}

const ISA_DEFAULTS: IsaFields = {
  authorizationQualifier: '00',
  authorization: '          ',
  securityQualifier: '00',
  security: '          ',
  senderQualifier: 'ZZ',
  senderId: 'PARTNER        ',
  receiverQualifier: 'ZZ',
  receiverId: 'DISTRIBUTOR    ',
  date: '260115',
  time: '1200',
  isa11: 'U',
  version: '00401',
  control: '000000001',
  ackRequested: '0',
  usage: 'P',
};

export interface Layout {
  /** Element separator (default '*'). Segments below are written with '*' and converted. */
  e?: string;
  /** Component separator, ISA16 (default '>'). */
  c?: string;
  /** Segment terminator (default '~'). */
  t?: string;
  /** Written after each terminator (default ''). */
  eol?: string;
}

export function isa(fields: Partial<IsaFields> = {}, layout: Layout = {}): string {
  const f = { ...ISA_DEFAULTS, ...fields };
  const e = layout.e ?? '*';
  return ['ISA', f.authorizationQualifier, f.authorization, f.securityQualifier, f.security, f.senderQualifier, f.senderId, f.receiverQualifier, f.receiverId, f.date, f.time, f.isa11, f.version, f.control, f.ackRequested, f.usage, layout.c ?? '>'].join(e);
}

/** ST..SE around a body, SE01 counted. */
export function txSet(id: string, control: string, body: string[], options: { se01?: string; se02?: string } = {}): string[] {
  return [`ST*${id}*${control}`, ...body, `SE*${options.se01 ?? String(body.length + 2)}*${options.se02 ?? control}`];
}

/** GS..GE around sets (each a list of segments), GE01 counted. */
export function group(sets: string[][], options: { functionalId?: string; control?: string; version?: string; date?: string; ge01?: string; ge02?: string } = {}): string[] {
  const control = options.control ?? '1';
  return [
    `GS*${options.functionalId ?? 'PO'}*PARTNER*DISTRIBUTOR*${options.date ?? '20260115'}*1200*${control}*X*${options.version ?? '004010'}`,
    ...sets.flat(),
    `GE*${options.ge01 ?? String(sets.length)}*${options.ge02 ?? control}`,
  ];
}

/** A whole interchange: ISA, the segments, IEA (IEA01 counts GS segments unless given). */
export function interchange(segments: string[], options: { isa?: Partial<IsaFields>; iea01?: string; iea02?: string; noIea?: boolean } & Layout = {}): string {
  const e = options.e ?? '*';
  const t = options.t ?? '~';
  const eol = options.eol ?? '';
  const control = options.isa?.control ?? ISA_DEFAULTS.control;
  const groups = segments.filter((segment) => segment.startsWith('GS*')).length;
  const all = [
    isa(options.isa, options),
    ...segments.map((segment) => segment.split('*').join(e)),
    ...(options.noIea ? [] : [['IEA', options.iea01 ?? String(groups), options.iea02 ?? control].join(e)]),
  ];
  return all.map((segment) => segment + t + eol).join('');
}

export const PO_BODY = ['BEG*00*SA*PO123**20260115', 'PO1*1*10*EA*2.50**UP*012345678905', 'CTT*1'];

/** One 850 in one group in one interchange. */
export function po850(body: string[] = PO_BODY, options: Parameters<typeof interchange>[1] = {}): string {
  return interchange(group([txSet('850', '0001', body)]), options);
}

export function only(document: X12Document): ParsedInterchange {
  if (document.interchanges.length !== 1) throw new Error(`expected one interchange, got ${document.interchanges.length}`);
  return document.interchanges[0] as ParsedInterchange;
}

export function read(text: string | Buffer, options?: ReaderOptions): ParsedInterchange {
  return only(parseX12(text, options));
}

/** TA1 note codes of the only interchange. */
export function ta1Codes(text: string, options?: ReaderOptions): string[] {
  return read(text, options).result.errors.map((error) => error.code);
}
