/**
 * The declarative table of a transaction set: its segments' element rules and its loop structure, written as plain
 * data (strings and arrays, JSON-able) so a new set is configuration. `compileSetTables` checks a table once at
 * start-up and throws a TypeError naming the dotted path of a mistake.
 *
 * Element rule: `'<M|O|X> <ref> <AN|ID|R|Nn|DT|TM> <min>/<max> [xN] [CODE,CODE...]'`, e.g. `'M 349 ID 1/1 F,S,X'`;
 * `xN` makes it repeatable N times. A composite: `{ composite: 'M C030 [xN]', components: [element rules] }`.
 * Syntax notes as X12 writes them: `'P0304'` (paired), `'R0203'` (at least one), `'C0302'` (conditional), `'L010203'`
 * (list conditional), `'E0102'` (exclusion).
 * Structure entry: `'<id> <M|O> <max|>1>'`, or a loop `{ loop: 'N1', use: 'O', max: 200, body: [...] }` whose first
 * entry is its trigger segment.
 */

export type ElementType = 'AN' | 'ID' | 'R' | 'N' | 'DT' | 'TM' | 'C';

export interface ElementRule {
  ref: string;
  requirement: 'M' | 'O' | 'X';
  type: ElementType;
  /** Implied decimal places of an Nn type. */
  decimals: number;
  min: number;
  max: number;
  /** How many repetitions are allowed (1 unless the element is repeatable). */
  repeat: number;
  codes?: ReadonlySet<string>;
  components?: readonly ElementRule[];
}

export interface SyntaxNote {
  kind: 'P' | 'R' | 'C' | 'L' | 'E';
  /** 1-based element positions. */
  positions: readonly number[];
}

export interface SegmentRule {
  elements: readonly ElementRule[];
  syntax: readonly SyntaxNote[];
}

export interface SegmentNode {
  kind: 'segment';
  id: string;
  required: boolean;
  max: number;
}

export interface LoopNode {
  kind: 'loop';
  id: string;
  required: boolean;
  max: number;
  children: readonly StructureNode[];
}

export type StructureNode = SegmentNode | LoopNode;

export interface SetTable {
  id: string;
  name: string;
  functionalId: string;
  segments: ReadonlyMap<string, SegmentRule>;
  /** The body between ST and SE, as a loop that occurs once. */
  body: LoopNode;
  /** Every segment id the structure mentions. */
  knownIds: ReadonlySet<string>;
}

export type ElementSpec = string | { composite: string; components: readonly string[] };
export type StructureSpec = string | { loop: string; use: 'M' | 'O'; max: number | '>1'; body: readonly StructureSpec[] };

export interface SetTableSpec {
  /** ST01. */
  id: string;
  name: string;
  /** GS01 the set travels in. */
  functionalId: string;
  segments: Readonly<Record<string, { elements: readonly ElementSpec[]; syntax?: readonly string[] }>>;
  body: readonly StructureSpec[];
}

/** The tables the reader checks content with, by ST01. */
export interface SetTables {
  get(setId: string): SetTable | undefined;
  ids(): string[];
}

const UNBOUNDED = Number.MAX_SAFE_INTEGER;

function fail(path: string, message: string): never {
  throw new TypeError(`${path}: ${message}`);
}

function compileElement(spec: string, path: string): ElementRule {
  const parts = spec.trim().split(/\s+/);
  const [requirement, ref, typeText, range, ...rest] = parts;
  if (requirement !== 'M' && requirement !== 'O' && requirement !== 'X') fail(path, `requirement must be M, O or X in '${spec}'`);
  if (!ref || !/^[A-Z]?\d+$/.test(ref)) fail(path, `bad element reference in '${spec}'`);
  const typeMatch = /^(AN|ID|R|DT|TM|N(\d))$/.exec(typeText ?? '');
  if (!typeMatch) fail(path, `unknown type in '${spec}'`);
  const rangeMatch = /^(\d+)\/(\d+)$/.exec(range ?? '');
  if (!rangeMatch) fail(path, `length must be min/max in '${spec}'`);
  const min = Number(rangeMatch[1]);
  const max = Number(rangeMatch[2]);
  if (min < 1 || max < min) fail(path, `bad length ${range} in '${spec}'`);
  let repeat = 1;
  let codes: ReadonlySet<string> | undefined;
  for (const token of rest) {
    const repeatMatch = /^x(\d+)$/.exec(token);
    if (repeatMatch) repeat = Number(repeatMatch[1]);
    else if (typeMatch[1] === 'ID') codes = new Set(token.split(','));
    else fail(path, `codes are only for ID elements in '${spec}'`);
  }
  const type = (typeMatch[2] === undefined ? typeMatch[1] : 'N') as ElementType;
  return { ref, requirement, type, decimals: Number(typeMatch[2] ?? 0), min, max, repeat, ...(codes ? { codes } : {}) };
}

function compileComposite(spec: { composite: string; components: readonly string[] }, path: string): ElementRule {
  const [requirement, ref, ...rest] = spec.composite.trim().split(/\s+/);
  if (requirement !== 'M' && requirement !== 'O' && requirement !== 'X') fail(path, `requirement must be M, O or X in '${spec.composite}'`);
  if (!ref || !/^C\d+$/.test(ref)) fail(path, `composite reference must be Cnnn in '${spec.composite}'`);
  let repeat = 1;
  for (const token of rest) {
    const repeatMatch = /^x(\d+)$/.exec(token);
    if (!repeatMatch) fail(path, `unexpected '${token}' in '${spec.composite}'`);
    repeat = Number(repeatMatch[1]);
  }
  if (spec.components.length === 0) fail(`${path}.components`, 'a composite needs components');
  const components = spec.components.map((component, index) => compileElement(component, `${path}.components.${index}`));
  return { ref, requirement, type: 'C', decimals: 0, min: 1, max: 1, repeat, components };
}

function compileSyntax(note: string, elementCount: number, path: string): SyntaxNote {
  const match = /^([PRCLE])((?:\d\d){2,})$/.exec(note);
  if (!match) fail(path, `'${note}' is not an X12 syntax note`);
  const positions = (match[2] as string).match(/\d\d/g)!.map(Number);
  if (positions.some((position) => position < 1 || position > elementCount)) fail(path, `'${note}' names an element the segment does not have`);
  return { kind: match[1] as SyntaxNote['kind'], positions };
}

function compileStructure(spec: StructureSpec, path: string, known: Set<string>): StructureNode {
  if (typeof spec === 'string') {
    const match = /^([A-Z][A-Z0-9]{1,2}) ([MO]) (\d+|>1)$/.exec(spec.trim());
    if (!match) fail(path, `'${spec}' is not '<id> <M|O> <max>'`);
    known.add(match[1] as string);
    return { kind: 'segment', id: match[1] as string, required: match[2] === 'M', max: match[3] === '>1' ? UNBOUNDED : Number(match[3]) };
  }
  if (!/^[A-Z0-9]{1,6}$/.test(spec.loop)) fail(`${path}.loop`, `'${spec.loop}' is not a loop id`);
  if (spec.body.length === 0) fail(`${path}.body`, 'a loop needs a body');
  const children = spec.body.map((child, index) => compileStructure(child, `${path}.body.${index}`, known));
  const trigger = children[0] as StructureNode;
  if (trigger.kind !== 'segment') fail(`${path}.body.0`, 'a loop must begin with a segment');
  return {
    kind: 'loop',
    id: spec.loop,
    required: spec.use === 'M',
    max: spec.max === '>1' ? UNBOUNDED : spec.max,
    children,
  };
}

export function compileSetTable(spec: SetTableSpec, path = `tables.${spec.id}`): SetTable {
  if (!/^\d{3}$/.test(spec.id)) fail(`${path}.id`, `'${spec.id}' is not a transaction set id`);
  const segments = new Map<string, SegmentRule>();
  for (const [id, segment] of Object.entries(spec.segments)) {
    const elements = segment.elements.map((element, index) =>
      typeof element === 'string'
        ? compileElement(element, `${path}.segments.${id}.elements.${index}`)
        : compileComposite(element, `${path}.segments.${id}.elements.${index}`),
    );
    const syntax = (segment.syntax ?? []).map((note, index) => compileSyntax(note, elements.length, `${path}.segments.${id}.syntax.${index}`));
    segments.set(id, { elements, syntax });
  }
  const known = new Set<string>();
  const children = spec.body.map((child, index) => compileStructure(child, `${path}.body.${index}`, known));
  for (const id of segments.keys()) {
    if (!known.has(id)) fail(`${path}.segments.${id}`, 'the segment is not in the structure');
  }
  return {
    id: spec.id,
    name: spec.name,
    functionalId: spec.functionalId,
    segments,
    body: { kind: 'loop', id: spec.id, required: true, max: 1, children },
    knownIds: known,
  };
}

/** Compiles and indexes tables by ST01; a duplicate id is a configuration mistake. */
export function compileSetTables(specs: readonly SetTableSpec[]): SetTables {
  const tables = new Map<string, SetTable>();
  specs.forEach((spec, index) => {
    if (tables.has(spec.id)) fail(`tables.${index}.id`, `set ${spec.id} is defined twice`);
    tables.set(spec.id, compileSetTable(spec, `tables.${index}`));
  });
  return {
    get: (setId) => tables.get(setId),
    ids: () => [...tables.keys()],
  };
}
