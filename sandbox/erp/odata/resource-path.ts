/** The resource path after a service's root: service document, $metadata, a set, an entity, a navigation, $count. */
import { badRequest } from './errors';
import { describeToken, ODataSyntaxError, tokenize, TokenStream } from './tokenizer';

/** `('1000001')` is positional; `(SalesOrder='1000001',SalesOrderItem='10')` is named. */
export type KeyPredicate = { kind: 'positional'; value: string } | { kind: 'named'; values: Readonly<Record<string, string>> };

export type ResourcePath =
  | { kind: 'serviceDocument' }
  | { kind: 'metadata' }
  /** A set or a function import: which one is for the service to say. */
  | { kind: 'collection'; name: string }
  | { kind: 'count'; name: string }
  | { kind: 'entity'; name: string; key: KeyPredicate; segment: string }
  | { kind: 'navigation'; name: string; key: KeyPredicate; segment: string; navigation: string };

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\(.*\))?$/s;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses the inside of `(...)`: one string literal, or `Name='value'` pairs separated by commas. */
export function parseKeyPredicate(inner: string): KeyPredicate {
  const stream = new TokenStream(tokenize(inner));
  const first = stream.peek();
  if (first.kind === 'string') {
    stream.next();
    stream.expectEnd();
    return { kind: 'positional', value: first.value };
  }
  // No prototype: a key named __proto__ is just an unknown key, refused below.
  const values = Object.create(null) as Record<string, string>;
  for (;;) {
    const name = stream.next();
    if (name.kind !== 'name') throw new ODataSyntaxError(`Expected a key property name but found ${describeToken(name)}`, name.position);
    stream.expectPunct('=');
    const value = stream.next();
    if (value.kind !== 'string') throw new ODataSyntaxError(`Key '${name.value}' needs a string literal but found ${describeToken(value)}`, value.position);
    if (Object.hasOwn(values, name.value)) throw new ODataSyntaxError(`Key '${name.value}' given twice`, name.position);
    values[name.value] = value.value;
    if (stream.peek().kind === 'end') break;
    stream.expectPunct(',');
  }
  return { kind: 'named', values };
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`Malformed percent-encoding in URL segment '${raw}'`);
  }
}

function parseEntitySegment(segment: string): { name: string; key?: KeyPredicate } {
  const match = SEGMENT.exec(segment);
  if (!match) throw badRequest(`Invalid URL segment '${segment}'`);
  const name = match[1] as string;
  const parenthesised = match[2];
  if (parenthesised === undefined) return { name };
  try {
    return { name, key: parseKeyPredicate(parenthesised.slice(1, -1)) };
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw badRequest(`Invalid key predicate in '${segment}': ${error.message}`);
    throw error;
  }
}

/** `rawSegments`: the path after the service name split on `/`, still percent-encoded (so `%2F` stays in a key). */
export function parseResourcePath(rawSegments: readonly string[]): ResourcePath {
  const segments = rawSegments.map(decodeSegment);
  // A trailing slash (`SERVICE/`, `A_Customer/`) adds an empty segment that names nothing.
  while (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  if (segments.length === 0) return { kind: 'serviceDocument' };
  const [first, second, ...rest] = segments as [string, ...string[]];
  if (first === '$metadata' && segments.length === 1) return { kind: 'metadata' };
  if (rest.length > 0) throw badRequest(`Resource path '${segments.join('/')}' is deeper than the sandbox supports`);
  const head = parseEntitySegment(first);
  if (second === undefined) {
    return head.key ? { kind: 'entity', name: head.name, key: head.key, segment: first } : { kind: 'collection', name: head.name };
  }
  if (second === '$count' && !head.key) return { kind: 'count', name: head.name };
  if (!head.key) throw badRequest(`'${first}' needs a key before '/${second}'`);
  if (!NAME.test(second)) throw badRequest(`Invalid navigation property segment '${second}'`);
  return { kind: 'navigation', name: head.name, key: head.key, segment: first, navigation: second };
}
