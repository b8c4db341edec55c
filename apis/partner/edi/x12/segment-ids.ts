/**
 * One string per segment id (2 or 3 ASCII characters), kept in a table by char codes. Reading an id from the table
 * allocates nothing, and each id is internalized (made a property name once), so V8 compares it by identity in the
 * envelope's and the mappers' switches on segment ids and finds its hash already computed in the tables' maps.
 */

/** Ids kept, at most (a file of random ids cannot grow the table past it; past it, ids are cut as usual). */
const MAX_IDS = 4096;
const ids = new Map<number, string>();

/** `text.slice(from, to)` for a segment id, from the table when it is one. */
export function segmentId(text: string, from: number, to: number): string {
  const length = to - from;
  if (length !== 2 && length !== 3) return text.slice(from, to);
  const first = text.charCodeAt(from);
  const second = text.charCodeAt(from + 1);
  const third = length === 3 ? text.charCodeAt(from + 2) : 0;
  if ((first | second | third) >= 128) return text.slice(from, to);
  const key = (length << 21) | (first << 14) | (second << 7) | third;
  let id = ids.get(key);
  if (id === undefined) {
    id = Object.keys({ [text.slice(from, to)]: true })[0] as string;
    if (ids.size < MAX_IDS) ids.set(key, id);
  }
  return id;
}
