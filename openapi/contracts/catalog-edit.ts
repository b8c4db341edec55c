/**
 * Edits one entry of openapi/catalog.yaml in place so that everything else in the file stays as it was: comments,
 * blank lines, key order and the line breaks of folded descriptions. The yaml library's Document API locates the
 * entry and each key (their source ranges); only the lines of the keys that change are rewritten, each value
 * rendered by the library. Rewriting the whole document would re-fold every block scalar to the library's line
 * width, so it is only the fallback for layouts the splice does not handle (a flow-style entry).
 *
 * The result is checked twice before anything is written: it must read back as exactly the intended data, and
 * it must pass parseCatalog's validation and consistency checks. The file is replaced atomically.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type Pair, type ParsedNode, type YAMLMap } from 'yaml';
import { CatalogError, parseCatalog, type CatalogEntry, type CatalogEntryData } from '../catalog';

type Key = keyof CatalogEntryData;

/** What to change in one entry: keys to set (added where missing) and keys to remove. */
export interface CatalogEdit {
  /** The entry's id, `partner/customers/v1`. */
  id: string;
  set?: Partial<CatalogEntryData>;
  remove?: readonly Key[];
}

/** The order keys are written in (catalog.yaml's order); a new key goes after the last present key before it. */
const KEY_ORDER: readonly Key[] = [
  'tier', 'api', 'version', 'title', 'description', 'status', 'releasedOn', 'deprecatedOn', 'sunsetOn', 'successor', 'migrationNote', 'brownouts',
];

/** Lines are kept within this many columns, as in catalog.yaml. */
const LINE_WIDTH = 118;

interface Splice {
  start: number;
  end: number;
  text: string;
}

function lineStart(text: string, position: number): number {
  return text.lastIndexOf('\n', position - 1) + 1;
}

/** The start of the line after the one `position` is on (or `position` itself when it starts a line). */
function lineEnd(text: string, position: number): number {
  if (position > 0 && text[position - 1] === '\n') return position;
  const newline = text.indexOf('\n', position);
  return newline === -1 ? text.length : newline + 1;
}

/** `key: value` as the library writes it, every line indented by `column`, ending with a newline. */
function renderPair(key: string, value: unknown, column: number): string {
  const document = new Document({ [key]: value });
  const node = document.get(key, true);
  if (isScalar(node) && typeof value === 'string' && column + key.length + 2 + value.length > LINE_WIDTH && !value.includes('\n')) {
    node.type = Scalar.BLOCK_FOLDED;
  }
  const rendered = document.toString({ lineWidth: Math.max(40, LINE_WIDTH - column), indent: 2 });
  return rendered
    .split('\n')
    .map((line) => (line.length > 0 ? `${' '.repeat(column)}${line}` : line))
    .join('\n');
}

function keyOf(pair: Pair<unknown, unknown>): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

function rangeOf(node: unknown): [number, number, number] | undefined {
  const range = (node as ParsedNode | null | undefined)?.range;
  return range ? [range[0], range[1], range[2]] : undefined;
}

/** The edits as text splices on the original source; undefined when the entry's layout is not one this handles. */
function splices(text: string, map: YAMLMap<unknown, unknown>, edit: CatalogEdit): Splice[] | undefined {
  if (map.flow) return undefined;
  const pairs = new Map<string, Pair<unknown, unknown>>();
  for (const pair of map.items) {
    const key = keyOf(pair);
    if (key === undefined || !rangeOf(pair.key)) return undefined;
    pairs.set(key, pair);
  }
  const first = map.items[0];
  if (!first) return undefined;
  const firstKeyStart = (rangeOf(first.key) as [number, number, number])[0];
  const column = firstKeyStart - lineStart(text, firstKeyStart);

  /** From the start of the key's line to the start of the line after its value (trailing comment included). */
  const pairLines = (pair: Pair<unknown, unknown>): [number, number] => {
    const keyRange = rangeOf(pair.key) as [number, number, number];
    const end = (rangeOf(pair.value) ?? keyRange)[1];
    return [lineStart(text, keyRange[0]), lineEnd(text, end)];
  };

  const result: Splice[] = [];
  const set = (edit.set ?? {}) as Record<string, unknown>;
  const remove = new Set<string>(edit.remove ?? []);
  for (const key of KEY_ORDER) {
    const present = pairs.get(key);
    if (remove.has(key)) {
      if (present) {
        const [start, end] = pairLines(present);
        result.push({ start, end, text: '' });
      }
      continue;
    }
    if (!(key in set) || set[key] === undefined) continue;
    const rendered = renderPair(key, set[key], column);
    if (present) {
      const valueRange = rangeOf(present.value);
      const single = rendered.indexOf('\n') === rendered.length - 1;
      if (valueRange && isScalar(present.value) && single && !text.slice(valueRange[0], valueRange[1]).includes('\n')) {
        // The value alone, so that a comment after it on the line stays.
        result.push({ start: valueRange[0], end: valueRange[1], text: rendered.slice(column + key.length + 2, -1) });
      } else {
        const [start, end] = pairLines(present);
        result.push({ start, end, text: rendered });
      }
      continue;
    }
    const before = KEY_ORDER.slice(0, KEY_ORDER.indexOf(key));
    const anchor = [...map.items].reverse().find((pair) => before.includes(keyOf(pair) as Key)) ?? map.items.at(-1);
    const at = pairLines(anchor as Pair<unknown, unknown>)[1];
    result.push({ start: at, end: at, text: rendered });
  }
  return result;
}

function applySplices(text: string, edits: readonly Splice[]): string {
  // Stable sort: insertions at one point keep KEY_ORDER, and come before a replacement starting there.
  const ordered = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const splice of ordered) {
    if (splice.start < cursor) throw new Error(`catalog edit: overlapping changes at offset ${splice.start}`);
    out += text.slice(cursor, splice.start) + splice.text;
    cursor = splice.end;
  }
  return out + text.slice(cursor);
}

/** The same edit through the Document API alone: comments survive, folded scalars are re-folded. */
function rewriteWholeDocument(text: string, index: number, edit: CatalogEdit): string {
  const document = parseDocument(text);
  for (const [key, value] of Object.entries(edit.set ?? {})) if (value !== undefined) document.setIn(['apis', index, key], value);
  for (const key of edit.remove ?? []) document.deleteIn(['apis', index, key]);
  return document.toString({ lineWidth: LINE_WIDTH });
}

/**
 * The catalog text with `edit` applied, and the catalog it now holds. Throws CatalogError when the entry is not in
 * the catalog or when the edited catalog would be invalid or inconsistent (nothing is written then).
 */
export function editCatalogText(original: string, edit: CatalogEdit, source = 'catalog.yaml'): { text: string; entries: CatalogEntry[] } {
  // New lines are inserted at line starts: a last line without its newline gets one.
  const text = original.length > 0 && !original.endsWith('\n') ? `${original}\n` : original;
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new CatalogError(`${source} is not valid YAML: ${document.errors[0]?.message}`);
  const apis = document.get('apis', true);
  if (!isSeq(apis)) throw new CatalogError(`${source} has no apis list`);
  const index = apis.items.findIndex((item) => {
    if (!isMap(item)) return false;
    const data = item.toJSON() as Partial<CatalogEntryData>;
    return `${data.tier}/${data.api}/v${data.version}` === edit.id;
  });
  if (index === -1) throw new CatalogError(`${edit.id} is not in ${source}`);

  const intended = document.toJS() as { apis: Array<Record<string, unknown>> };
  const target = intended.apis[index] as Record<string, unknown>;
  for (const [key, value] of Object.entries(edit.set ?? {})) if (value !== undefined) target[key] = value;
  for (const key of edit.remove ?? []) delete target[key];
  const readsBackAsIntended = (candidate: string): boolean => {
    const reread = parseDocument(candidate);
    return reread.errors.length === 0 && isDeepStrictEqual(reread.toJS(), intended);
  };

  const edits = splices(text, apis.items[index] as YAMLMap<unknown, unknown>, edit);
  let next = edits ? applySplices(text, edits) : undefined;
  if (next === undefined || !readsBackAsIntended(next)) {
    next = rewriteWholeDocument(text, index, edit);
    if (!readsBackAsIntended(next)) throw new Error(`catalog edit: the edited ${source} does not read back as intended (${edit.id})`);
  }
  return { text: next, entries: parseCatalog(next, source) };
}

/**
 * Applies `edit` to the catalog file and returns the catalog it now holds. The file is replaced atomically (a
 * synced temporary file beside it, renamed over it); when the file changed while this edited it, nothing is written.
 */
export function editCatalogFile(file: string, edit: CatalogEdit): CatalogEntry[] {
  const original = readFileSync(file, 'utf8');
  const { text, entries } = editCatalogText(original, edit, file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const descriptor = openSync(temporary, 'wx', statSync(file).mode & 0o777);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    if (readFileSync(file, 'utf8') !== original) throw new CatalogError(`${file} changed while it was being edited; run the command again`);
    renameSync(temporary, file);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
  return entries;
}
