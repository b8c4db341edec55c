/**
 * Compares two OpenAPI 3.0 documents and classifies every difference a client of the older one could notice.
 *
 * The rules, where one had to be chosen:
 * - Requests are contravariant, responses covariant. A request that accepts less (a new required field, a narrowed
 *   enum, a tighter bound, a lost `nullable`, a narrower type) breaks clients; one that accepts more does not. A
 *   response that promises less (a value a client was never told about: an enum value added, a bound relaxed, a field
 *   made optional, `nullable` added, another union branch, a wider type) breaks clients; one that promises more does
 *   not. `integer` counts as a subset of `number`.
 * - Unknown response fields are the one exception: clients must ignore fields they do not know, so an added response
 *   field and a response object that starts allowing unknown fields are not breaking. A removed (or renamed) response
 *   field always is, required or not.
 * - A removed request field is breaking only when the newer object has `additionalProperties: false` (tsoa's
 *   throw-on-extras): clients still sending it get 400. Otherwise the server ignores it. By the same token a removed
 *   query, header or cookie parameter is not breaking: tsoa's routes read only the parameters they declare (no
 *   controller uses an extras-rejecting `@Queries()` object), so the client loses the feature, not the call.
 * - A changed `pattern` or `format` (or a `multipleOf` neither divides) cannot be proven narrower or wider, so it is
 *   breaking in requests (reported as tightened) and in responses (reported as loosened).
 * - Unions: `anyOf`/`oneOf` whose branches are all literals (tsoa's `'A' | 1`) compare as one enum. Other unions pair
 *   their branches, first by the component a branch refers to, then by type in order; a schema that is not a union
 *   compares as a union of one. A branch that disappears narrows the union, one that appears widens it (kind
 *   `type-changed`). `allOf` is merged into one schema (properties and `required` united, the first branch to state a
 *   keyword wins, closed when any branch is closed); keywords beside a `$ref` override the target's.
 * - Security is a list of alternatives, each a set of schemes and scopes. The change is breaking when some older
 *   alternative has no newer one needing nothing more; `scope-added` when the newer requirements only add, otherwise
 *   `scope-changed`. It is compared per operation (operation `security`, else the document's).
 * - Success statuses (2xx) form a set per operation: any change to it is one breaking `success-status-changed`; when
 *   exactly one code replaced another their bodies are compared too. Only success responses' bodies are compared;
 *   other statuses are reported as documented or no longer documented, never breaking.
 * - Parameters match by (in, name), header names case-insensitively, and path parameters by their position in the
 *   path template, like paths themselves (`/orders/{id}` is `/orders/{orderId}`): renaming one changes no URL.
 * - Pointers: the node where the change shows, following `$ref`s, so a change inside a component points into
 *   `#/components/schemas` and is reported once per operation, body and media type that reaches it. Type, enum and
 *   bound changes point at the keyword, required-ness at the field or parameter; into the older document when the
 *   node is gone from the newer one. Descriptions, examples and response headers are not compared.
 * - Order: paths and properties by name, methods in HTTP order, statuses and media types sorted; the input's key order
 *   never matters. Each `$ref`ed pair is walked once per body, which also stops cycles.
 */
import type { ChangeKind, ContractChange, OpenApiDocument } from './types';

type Json = Record<string, unknown>;
type Direction = 'request' | 'response';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SUCCESS = /^2(\d\d|XX)$/i;
/** Keywords that only document a schema; they never make it accept or promise anything else. */
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'title', 'deprecated', 'externalDocs', 'xml', 'default', 'readOnly', 'writeOnly']);
/** Bounds where a lower value is tighter, and where a higher one is. */
const UPPER_BOUNDS = ['maxLength', 'maximum', 'maxItems', 'maxProperties'];
const LOWER_BOUNDS = ['minLength', 'minimum', 'minItems', 'minProperties'];
const CONSTRAINTS = [...LOWER_BOUNDS, ...UPPER_BOUNDS, 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'pattern', 'format', 'uniqueItems'];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const byString = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
const sortedKeys = (value: unknown): string[] => (isObject(value) ? Object.keys(value).sort(byString) : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const union = (...lists: string[][]): string[] => [...new Set(lists.flat())].sort(byString);

/** Markdown code span that survives backticks inside the text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 || text.startsWith(' ') ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** `base` extended by JSON pointer tokens, escaped. */
function pointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((token) => `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

interface Located {
  node: unknown;
  ptr: string;
}

/** The node a local `$ref` names, with its pointer. */
function lookup(doc: OpenApiDocument, ref: string, at: string): Located {
  if (!ref.startsWith('#')) throw new TypeError(`only local $refs are supported: ${ref} at ${at}`);
  const target = decodeURIComponent(ref.slice(1));
  let node: unknown = doc;
  for (const token of target.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) || Array.isArray(node) ? (node as Json)[key] : undefined;
    if (node === undefined) throw new TypeError(`unresolvable $ref ${ref} at ${at}`);
  }
  return { node, ptr: target };
}

/** Follows a chain of `$ref`s (parameters, request bodies, responses) to the node it ends on. */
function follow(doc: OpenApiDocument, node: unknown, ptr: string): Located {
  const seen = new Set<string>();
  let current: Located = { node, ptr };
  while (isObject(current.node) && typeof current.node.$ref === 'string') {
    const ref = current.node.$ref;
    if (seen.has(ref)) throw new TypeError(`circular $ref ${ref} at ${ptr}`);
    seen.add(ref);
    current = lookup(doc, ref, current.ptr);
  }
  return current;
}

/** A schema as a client sees it: `$ref` followed, `allOf` merged, each keyword traced to where it is written. */
interface SchemaView {
  doc: OpenApiDocument;
  s: Json;
  /** Pointer of the node that shaped the view: the identity used to walk each pair once. */
  id: string;
  /** The component's name when the schema is only a `$ref` to one. */
  refName?: string;
  at(keyword: string): string;
  prop(name: string): string;
}

function plainView(doc: OpenApiDocument, s: Json, ptr: string): SchemaView {
  return { doc, s, id: ptr, at: (keyword) => pointer(ptr, keyword), prop: (name) => pointer(ptr, 'properties', name) };
}

function viewOf(doc: OpenApiDocument, node: unknown, ptr: string, refs: ReadonlySet<string> = new Set()): SchemaView {
  if (!isObject(node)) return plainView(doc, {}, ptr);
  const own: Json = { ...node };
  const bases: SchemaView[] = [];
  let refName: string | undefined;
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    delete own.$ref;
    // A schema that is only a reference to itself constrains nothing.
    if (!refs.has(ref)) {
      const target = lookup(doc, ref, ptr);
      bases.push(viewOf(doc, target.node, target.ptr, new Set([...refs, ref])));
      refName = ref.slice(ref.lastIndexOf('/') + 1);
    }
  }
  if (Array.isArray(own.allOf)) {
    bases.push(...own.allOf.map((branch, i) => viewOf(doc, branch, pointer(ptr, 'allOf', i), refs)));
    delete own.allOf;
  }
  if (bases.length === 0) return plainView(doc, own, ptr);
  if (bases.length === 1 && Object.keys(own).every((key) => ANNOTATIONS.has(key))) return { ...bases[0], refName: refName ?? bases[0].refName };

  // Keywords written beside the reference come first: they override what they annotate.
  const layers = [plainView(doc, own, ptr), ...bases];
  const s: Json = {};
  const owner = new Map<string, SchemaView>();
  const properties: Json = {};
  const propertyOwner = new Map<string, SchemaView>();
  const required = new Set<string>();
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.s)) {
      if (key === 'properties' && isObject(value)) {
        for (const [name, property] of Object.entries(value)) {
          if (!propertyOwner.has(name)) (properties[name] = property), propertyOwner.set(name, layer);
        }
      } else if (key === 'required') strings(value).forEach((name) => required.add(name));
      else if (!owner.has(key)) (s[key] = value), owner.set(key, layer);
    }
  }
  if (propertyOwner.size > 0) s.properties = properties;
  if (required.size > 0) s.required = [...required];
  const closing = layers.find((layer) => layer.s.additionalProperties === false);
  if (closing) (s.additionalProperties = false), owner.set('additionalProperties', closing);
  return {
    doc,
    s,
    id: ptr,
    at: (keyword) => owner.get(keyword)?.at(keyword) ?? pointer(ptr, keyword),
    prop: (name) => propertyOwner.get(name)?.prop(name) ?? pointer(ptr, 'properties', name),
  };
}

function unionKeyword(view: SchemaView): 'anyOf' | 'oneOf' | undefined {
  return Array.isArray(view.s.anyOf) ? 'anyOf' : Array.isArray(view.s.oneOf) ? 'oneOf' : undefined;
}

interface Branch {
  view: SchemaView;
  ptr: string;
}

function branchesOf(view: SchemaView): Branch[] {
  const keyword = unionKeyword(view);
  if (!keyword) return [{ view, ptr: view.id }];
  return (view.s[keyword] as unknown[]).map((node, i) => {
    const ptr = pointer(view.at(keyword), i);
    return { view: viewOf(view.doc, node, ptr), ptr };
  });
}

/** The values of an `enum`, or of a union whose branches are all literals; undefined when there is neither. */
function literalValues(view: SchemaView): unknown[] | undefined {
  if (Array.isArray(view.s.enum)) return view.s.enum;
  if (!unionKeyword(view)) return undefined;
  const values: unknown[] = [];
  for (const { view: branch } of branchesOf(view)) {
    if (!Array.isArray(branch.s.enum) || isObject(branch.s.properties)) return undefined;
    values.push(...branch.s.enum);
  }
  return values;
}

const isUnion = (view: SchemaView): boolean => unionKeyword(view) !== undefined && literalValues(view) === undefined;

function valueTypes(values: unknown[]): string[] {
  return values.filter((value) => value !== null).map((value) => (Array.isArray(value) ? 'array' : typeof value));
}

/** The JSON types a schema allows; undefined for any. Null is `nullable`'s business. */
function typeSet(view: SchemaView): Set<string> | undefined {
  const { s } = view;
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(strings(s.type).filter((type) => type !== 'null'));
  if (isObject(s.properties) || s.additionalProperties !== undefined) return new Set(['object']);
  if (s.items !== undefined) return new Set(['array']);
  if (Array.isArray(s.enum)) return new Set(valueTypes(s.enum));
  if (literalValues(view)) {
    return new Set(branchesOf(view).flatMap(({ view: branch }) => [...(typeSet(branch) ?? valueTypes(branch.s.enum as unknown[]))]));
  }
  return undefined;
}

/** Whether every value of `inner` is a value of `outer`. */
function typesWithin(inner: Set<string> | undefined, outer: Set<string> | undefined): boolean {
  if (!outer) return true;
  if (!inner) return false;
  return [...inner].every((type) => outer.has(type) || (type === 'integer' && outer.has('number')));
}

const describeTypes = (types: Set<string> | undefined): string => (types ? [...types].sort(byString).join(' or ') : 'any type');
const describeValues = (values: unknown[]): string => values.map((value) => code(typeof value === 'string' ? value : JSON.stringify(value))).join(', ');
const describeBranch = (view: SchemaView): string => (view.refName ? code(view.refName) : describeTypes(typeSet(view)));

/** One body or parameter being compared: where changes go and how its fields are named. */
interface Walk {
  out: ContractChange[];
  /** The operation, as messages name it: `POST /orders`. */
  op: string;
  direction: Direction;
  /** Names a field (`lines[].sku`; '' for the whole body or parameter) for messages. */
  subject(path: string): string;
  visited: Set<string>;
}

function emit(out: ContractChange[], kind: ChangeKind, breaking: boolean, ptr: string, message: string): void {
  out.push({ pointer: ptr, kind, breaking, message: `${message}.` });
}

/** Where a keyword shows: in the newer schema when it is there, else in the older. */
function keywordPointer(before: SchemaView, after: SchemaView, keyword: string): string {
  return keyword in after.s ? after.at(keyword) : keyword in before.s ? before.at(keyword) : after.id;
}

function compareSchemas(before: SchemaView, after: SchemaView, path: string, walk: Walk): void {
  const key = `${before.id}|${after.id}`;
  if (walk.visited.has(key)) return;
  walk.visited.add(key);
  const subject = walk.subject(path);
  const request = walk.direction === 'request';

  if ((before.s.nullable === true) !== (after.s.nullable === true)) {
    const nowNullable = after.s.nullable === true;
    const text = request ? (nowNullable ? 'now accepts null' : 'no longer accepts null') : nowNullable ? 'may now be null' : 'is no longer null';
    emit(walk.out, 'type-changed', request ? !nowNullable : nowNullable, keywordPointer(before, after, 'nullable'), `${walk.op}: ${subject} ${text}`);
  }
  if (isUnion(before) || isUnion(after)) return compareUnions(before, after, path, walk);

  const typesBefore = typeSet(before);
  const typesAfter = typeSet(after);
  const widened = typesWithin(typesBefore, typesAfter);
  const narrowed = typesWithin(typesAfter, typesBefore);
  if (!widened || !narrowed) {
    const text = `${subject} changed type from ${describeTypes(typesBefore)} to ${describeTypes(typesAfter)}`;
    emit(walk.out, 'type-changed', request ? !widened : !narrowed, keywordPointer(before, after, 'type'), `${walk.op}: ${text}`);
    return;
  }
  compareEnums(before, after, subject, walk);
  for (const keyword of CONSTRAINTS) compareConstraint(before, after, keyword, subject, walk);
  // The type sets are equal here: one side tells whether both are objects.
  if (typesAfter?.has('object')) compareObjects(before, after, path, walk);
  if (before.s.items !== undefined || after.s.items !== undefined) {
    compareSchemas(viewOf(before.doc, before.s.items, before.at('items')), viewOf(after.doc, after.s.items, after.at('items')), `${path}[]`, walk);
  }
}

function compareUnions(before: SchemaView, after: SchemaView, path: string, walk: Walk): void {
  const restBefore = branchesOf(before);
  const restAfter = branchesOf(after);
  const pairs: Array<[Branch, Branch]> = [];
  const pairBy = (matches: (x: SchemaView, y: SchemaView) => boolean): void => {
    for (const x of [...restBefore]) {
      const y = restAfter.find((candidate) => matches(x.view, candidate.view));
      if (y) pairs.push([x, y]), restBefore.splice(restBefore.indexOf(x), 1), restAfter.splice(restAfter.indexOf(y), 1);
    }
  };
  pairBy((x, y) => x.refName !== undefined && x.refName === y.refName);
  pairBy((x, y) => {
    const [tx, ty] = [typeSet(x), typeSet(y)];
    return typesWithin(tx, ty) && typesWithin(ty, tx);
  });
  for (const [x, y] of pairs) compareSchemas(x.view, y.view, path, walk);
  const subject = walk.subject(path);
  const request = walk.direction === 'request';
  for (const { view, ptr } of restBefore) {
    const text = request ? `no longer accepts ${describeBranch(view)}` : `is no longer ${describeBranch(view)}`;
    emit(walk.out, 'type-changed', request, ptr, `${walk.op}: ${subject} ${text}`);
  }
  for (const { view, ptr } of restAfter) {
    const text = request ? `now also accepts ${describeBranch(view)}` : `may now be ${describeBranch(view)}, which clients of the older contract do not expect`;
    emit(walk.out, 'type-changed', !request, ptr, `${walk.op}: ${subject} ${text}`);
  }
}

function compareEnums(before: SchemaView, after: SchemaView, subject: string, walk: Walk): void {
  const valuesBefore = literalValues(before)?.filter((value) => value !== null);
  const valuesAfter = literalValues(after)?.filter((value) => value !== null);
  if (!valuesBefore && !valuesAfter) return;
  const enumPointer = (view: SchemaView): string | undefined => (Array.isArray(view.s.enum) ? view.at('enum') : unionKeyword(view) && view.at(unionKeyword(view)!));
  const ptr = (valuesAfter && enumPointer(after)) ?? enumPointer(before) ?? after.id;
  const request = walk.direction === 'request';
  const say = (text: string): string => `${walk.op}: ${subject} ${text}`;
  if (valuesBefore && valuesAfter) {
    const keysBefore = new Set(valuesBefore.map((value) => JSON.stringify(value)));
    const keysAfter = new Set(valuesAfter.map((value) => JSON.stringify(value)));
    const removed = valuesBefore.filter((value) => !keysAfter.has(JSON.stringify(value)));
    const added = valuesAfter.filter((value) => !keysBefore.has(JSON.stringify(value)));
    if (removed.length > 0) {
      emit(walk.out, 'enum-narrowed', request, ptr, say(`${request ? 'no longer accepts' : 'no longer returns'} ${describeValues(removed)}`));
    }
    if (added.length > 0) {
      const text = request ? `now also accepts ${describeValues(added)}` : `may now return ${describeValues(added)}, which clients of the older contract do not know`;
      emit(walk.out, 'enum-widened', !request, ptr, say(text));
    }
  } else if (valuesAfter) {
    emit(walk.out, 'enum-narrowed', request, ptr, say(`is now limited to ${describeValues(valuesAfter)}`));
  } else {
    emit(walk.out, 'enum-widened', !request, ptr, say(`is no longer limited to ${describeValues(valuesBefore!)}`));
  }
}

type Effect = 'tightened' | 'loosened' | 'changed';

/** What changing a constraint keyword from one value to another does to the values it allows. */
function constraintEffect(keyword: string, was: unknown, is: unknown): Effect {
  if (was === undefined) return keyword === 'uniqueItems' || keyword.startsWith('exclusive') ? (is === true || typeof is === 'number' ? 'tightened' : 'loosened') : 'tightened';
  if (is === undefined) return keyword === 'uniqueItems' || keyword.startsWith('exclusive') ? (was === true || typeof was === 'number' ? 'loosened' : 'tightened') : 'loosened';
  const upper = UPPER_BOUNDS.includes(keyword) || keyword === 'exclusiveMaximum';
  const lower = LOWER_BOUNDS.includes(keyword) || keyword === 'exclusiveMinimum';
  if (typeof was === 'number' && typeof is === 'number') {
    if (upper) return is < was ? 'tightened' : 'loosened';
    if (lower) return is > was ? 'tightened' : 'loosened';
    if (keyword === 'multipleOf') return is % was === 0 ? 'tightened' : was % is === 0 ? 'loosened' : 'changed';
  }
  if (typeof was === 'boolean' && typeof is === 'boolean') return is ? 'tightened' : 'loosened';
  return 'changed';
}

function compareConstraint(before: SchemaView, after: SchemaView, keyword: string, subject: string, walk: Walk): void {
  const was = before.s[keyword];
  const is = after.s[keyword];
  if (JSON.stringify(was) === JSON.stringify(is)) return;
  const effect = constraintEffect(keyword, was, is);
  const request = walk.direction === 'request';
  const kind: ChangeKind = effect === 'tightened' || (effect === 'changed' && request) ? 'constraint-tightened' : 'constraint-loosened';
  const breaking = request ? effect !== 'loosened' : effect !== 'tightened';
  const show = (value: unknown): string => code(typeof value === 'string' ? value : JSON.stringify(value));
  const text =
    was === undefined
      ? `now has ${keyword} ${show(is)}`
      : is === undefined
        ? `no longer has ${keyword} ${show(was)}`
        : `${keyword} changed from ${show(was)} to ${show(is)}`;
  emit(walk.out, kind, breaking, keywordPointer(before, after, keyword), `${walk.op}: ${subject} ${text}`);
}

function compareObjects(before: SchemaView, after: SchemaView, path: string, walk: Walk): void {
  const propsBefore = isObject(before.s.properties) ? before.s.properties : {};
  const propsAfter = isObject(after.s.properties) ? after.s.properties : {};
  const requiredBefore = new Set(strings(before.s.required));
  const requiredAfter = new Set(strings(after.s.required));
  const closedBefore = before.s.additionalProperties === false;
  const closedAfter = after.s.additionalProperties === false;
  const request = walk.direction === 'request';
  const say = (text: string): string => `${walk.op}: ${text}`;

  for (const name of union(Object.keys(propsBefore), Object.keys(propsAfter))) {
    const field = path ? `${path}.${name}` : name;
    const subject = walk.subject(field);
    if (!(name in propsAfter)) {
      if (request) {
        const why = closedAfter ? 'the body rejects unknown fields, so clients still sending it get 400' : 'clients still sending it are ignored';
        emit(walk.out, 'request-field-removed', closedAfter, before.prop(name), say(`${subject} was removed; ${why}`));
      } else emit(walk.out, 'response-field-removed', true, before.prop(name), say(`${subject} was removed`));
    } else if (!(name in propsBefore)) {
      if (!request) emit(walk.out, 'response-field-added', false, after.prop(name), say(`new ${subject}`));
      else if (requiredAfter.has(name)) emit(walk.out, 'request-field-required', true, after.prop(name), say(`new required ${subject}`));
      else emit(walk.out, 'request-field-added', false, after.prop(name), say(`new optional ${subject}`));
    } else {
      const [was, is] = [requiredBefore.has(name), requiredAfter.has(name)];
      if (was !== is && request) {
        if (is) emit(walk.out, 'request-field-required', true, after.prop(name), say(`${subject} is now required`));
        else emit(walk.out, 'constraint-loosened', false, after.prop(name), say(`${subject} is now optional`));
      } else if (was !== is) {
        if (is) emit(walk.out, 'constraint-tightened', false, after.prop(name), say(`${subject} is now always present`));
        else emit(walk.out, 'constraint-loosened', true, after.prop(name), say(`${subject} may now be absent`));
      }
      compareSchemas(viewOf(before.doc, propsBefore[name], before.prop(name)), viewOf(after.doc, propsAfter[name], after.prop(name)), field, walk);
    }
  }

  const subject = walk.subject(path);
  const ptr = keywordPointer(before, after, 'additionalProperties');
  if (closedAfter && !closedBefore) {
    emit(walk.out, 'constraint-tightened', request, ptr, say(`${subject} now rejects unknown fields`));
  } else if (closedBefore && !closedAfter) {
    emit(walk.out, 'constraint-loosened', false, ptr, say(`${subject} now allows unknown fields`));
  } else if (!closedBefore && (isObject(before.s.additionalProperties) || isObject(after.s.additionalProperties))) {
    // A map (`Record<string, X>`): compare its values; `true` or nothing is a map of anything.
    const values = (view: SchemaView): SchemaView =>
      isObject(view.s.additionalProperties) ? viewOf(view.doc, view.s.additionalProperties, view.at('additionalProperties')) : plainView(view.doc, {}, view.at('additionalProperties'));
    compareSchemas(values(before), values(after), path ? `${path}.*` : '*', walk);
  }
}

/** One side of an operation being compared. */
interface OperationSide {
  doc: OpenApiDocument;
  path: string;
  item: Json;
  itemPtr: string;
  op: Json;
  ptr: string;
}

function compareOperations(out: ContractChange[], method: string, before: OperationSide, after: OperationSide): void {
  const op = code(`${method.toUpperCase()} ${after.path}`);
  const deprecatedBefore = before.op.deprecated === true;
  const deprecatedAfter = after.op.deprecated === true;
  if (deprecatedBefore !== deprecatedAfter) {
    const ptr = deprecatedAfter ? pointer(after.ptr, 'deprecated') : pointer(before.ptr, 'deprecated');
    emit(out, 'other', false, ptr, `${op} ${deprecatedAfter ? 'is now deprecated' : 'is no longer deprecated'}`);
  }
  compareSecurity(out, op, before, after);
  compareParameters(out, op, before, after);
  compareRequestBodies(out, op, before, after);
  compareResponses(out, op, before, after);
}

/** Security as alternatives, each the sorted schemes and `scheme:scope`s it needs; `[[]]` is no authentication. */
function securityOf(side: OperationSide): { alternatives: string[][]; ptr?: string } {
  const [list, ptr] = Array.isArray(side.op.security)
    ? [side.op.security, pointer(side.ptr, 'security')]
    : Array.isArray(side.doc.security)
      ? [side.doc.security, '/security']
      : [[], undefined];
  const alternatives = (list as unknown[]).map((requirement) =>
    sortedKeys(requirement).flatMap((scheme) => [scheme, ...strings((requirement as Json)[scheme]).map((scope) => `${scheme}:${scope}`)]).sort(byString),
  );
  return { alternatives: alternatives.length === 0 ? [[]] : alternatives, ptr };
}

function describeSecurity(alternatives: string[][]): string {
  return alternatives
    .map((items) => {
      const schemes = items.filter((item) => !item.includes(':'));
      if (schemes.length === 0) return 'no authentication';
      return schemes
        .map((scheme) => {
          const scopes = items.filter((item) => item.startsWith(`${scheme}:`)).map((item) => code(item.slice(scheme.length + 1)));
          return scopes.length === 0 ? scheme : `${scheme} ${scopes.length === 1 ? 'scope' : 'scopes'} ${scopes.join(', ')}`;
        })
        .join(' and ');
    })
    .join(' or ');
}

function compareSecurity(out: ContractChange[], op: string, before: OperationSide, after: OperationSide): void {
  const was = securityOf(before);
  const is = securityOf(after);
  const canonical = (alternatives: string[][]): string => JSON.stringify([...new Set(alternatives.map((items) => JSON.stringify(items)))].sort(byString));
  if (canonical(was.alternatives) === canonical(is.alternatives)) return;
  const within = (inner: string[], outer: string[]): boolean => inner.every((item) => outer.includes(item));
  const breaking = was.alternatives.some((old) => !is.alternatives.some((alternative) => within(alternative, old)));
  const itemsBefore = union(...was.alternatives);
  const itemsAfter = union(...is.alternatives);
  const onlyAdds = within(itemsBefore, itemsAfter) && itemsAfter.length > itemsBefore.length;
  const ptr = is.ptr ?? was.ptr ?? after.ptr;
  const message = `${op} now requires ${describeSecurity(is.alternatives)} (was ${describeSecurity(was.alternatives)})`;
  emit(out, onlyAdds ? 'scope-added' : 'scope-changed', breaking, ptr, message);
}

interface Parameter {
  node: Json;
  /** Where the parameter is listed. */
  ptr: string;
  /** Where its definition is, after any `$ref`. */
  definition: string;
  label: string;
}

function parametersOf(side: OperationSide): Map<string, Parameter> {
  const templateNames = [...side.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const parameters = new Map<string, Parameter>();
  const add = (list: unknown, base: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((entry, i) => {
      const ptr = pointer(base, 'parameters', i);
      const { node, ptr: definition } = follow(side.doc, entry, ptr);
      if (!isObject(node) || typeof node.name !== 'string' || typeof node.in !== 'string') return;
      const position = templateNames.indexOf(node.name);
      const key = node.in === 'path' && position >= 0 ? `path:${position}` : node.in === 'header' ? `header:${node.name.toLowerCase()}` : `${node.in}:${node.name}`;
      parameters.set(key, { node, ptr, definition, label: `${node.in} parameter ${code(node.name)}` });
    });
  };
  add(side.item.parameters, side.itemPtr);
  add(side.op.parameters, side.ptr); // the operation's own override the path item's
  return parameters;
}

function parameterSchema(doc: OpenApiDocument, parameter: Parameter): SchemaView {
  const { node, definition } = parameter;
  if (node.schema !== undefined) return viewOf(doc, node.schema, pointer(definition, 'schema'));
  const mediaType = sortedKeys(node.content)[0];
  if (mediaType === undefined) return plainView(doc, {}, pointer(definition, 'schema'));
  return viewOf(doc, ((node.content as Json)[mediaType] as Json | undefined)?.schema, pointer(definition, 'content', mediaType, 'schema'));
}

function compareParameters(out: ContractChange[], op: string, before: OperationSide, after: OperationSide): void {
  const was = parametersOf(before);
  const is = parametersOf(after);
  for (const key of union([...was.keys()], [...is.keys()])) {
    const old = was.get(key);
    const now = is.get(key);
    if (!now) {
      emit(out, 'parameter-removed', false, old!.ptr, `${op}: ${old!.label} was removed; clients still sending it are ignored`);
    } else if (!old) {
      if (now.node.required === true) emit(out, 'parameter-required', true, now.ptr, `${op}: new required ${now.label}`);
      else emit(out, 'parameter-added', false, now.ptr, `${op}: new optional ${now.label}`);
    } else {
      if (old.node.required !== true && now.node.required === true) emit(out, 'parameter-required', true, now.ptr, `${op}: ${now.label} is now required`);
      if (old.node.required === true && now.node.required !== true) emit(out, 'constraint-loosened', false, now.ptr, `${op}: ${now.label} is now optional`);
      const walk: Walk = {
        out,
        op,
        direction: 'request',
        subject: (path) => (path ? `${now.label} field ${code(path)}` : now.label),
        visited: new Set(),
      };
      compareSchemas(parameterSchema(before.doc, old), parameterSchema(after.doc, now), '', walk);
    }
  }
}

/** Compares the media types of a request body or response, and the schema of each media type both have. */
function compareContent(
  out: ContractChange[],
  op: string,
  direction: Direction,
  before: { doc: OpenApiDocument; holder: Located },
  after: { doc: OpenApiDocument; holder: Located },
  status?: string,
): void {
  const contentBefore = isObject(before.holder.node) && isObject(before.holder.node.content) ? before.holder.node.content : {};
  const contentAfter = isObject(after.holder.node) && isObject(after.holder.node.content) ? after.holder.node.content : {};
  for (const mediaType of union(Object.keys(contentBefore), Object.keys(contentAfter))) {
    const where = status === undefined ? '' : ` ${status}${mediaType === 'application/json' ? '' : ` ${mediaType}`}`;
    if (!(mediaType in contentAfter)) {
      const text = status === undefined ? `no longer accepts request bodies as ${code(mediaType)}` : `no longer answers ${status} as ${code(mediaType)}`;
      emit(out, 'media-type-removed', true, pointer(before.holder.ptr, 'content', mediaType), `${op} ${text}`);
    } else if (!(mediaType in contentBefore)) {
      const text = status === undefined ? `now also accepts request bodies as ${code(mediaType)}` : `now also answers ${status} as ${code(mediaType)}`;
      emit(out, 'media-type-added', false, pointer(after.holder.ptr, 'content', mediaType), `${op} ${text}`);
    } else {
      const schemaOf = (side: { doc: OpenApiDocument; holder: Located }, content: Json): SchemaView =>
        viewOf(side.doc, (content[mediaType] as Json | undefined)?.schema, pointer(side.holder.ptr, 'content', mediaType, 'schema'));
      const walk: Walk = {
        out,
        op,
        direction,
        subject:
          direction === 'request'
            ? (path) => (path ? `request field ${code(path)}` : 'the request body')
            : (path) => (path ? `response field ${code(path)} (${where.trim()})` : `the${where} response body`),
        visited: new Set(),
      };
      compareSchemas(schemaOf(before, contentBefore), schemaOf(after, contentAfter), '', walk);
    }
  }
}

function compareRequestBodies(out: ContractChange[], op: string, before: OperationSide, after: OperationSide): void {
  const ptrBefore = pointer(before.ptr, 'requestBody');
  const ptrAfter = pointer(after.ptr, 'requestBody');
  const was = before.op.requestBody === undefined ? undefined : follow(before.doc, before.op.requestBody, ptrBefore);
  const is = after.op.requestBody === undefined ? undefined : follow(after.doc, after.op.requestBody, ptrAfter);
  const required = (body: Located | undefined): boolean => isObject(body?.node) && body.node.required === true;
  if (!was && !is) return;
  if (!was) {
    if (required(is)) emit(out, 'request-field-required', true, ptrAfter, `${op} now requires a request body`);
    else emit(out, 'request-field-added', false, ptrAfter, `${op} now takes an optional request body`);
    return;
  }
  if (!is) {
    emit(out, 'request-field-removed', false, ptrBefore, `${op} no longer takes a request body; clients still sending one are ignored`);
    return;
  }
  if (!required(was) && required(is)) emit(out, 'request-field-required', true, ptrAfter, `${op} now requires a request body`);
  if (required(was) && !required(is)) emit(out, 'constraint-loosened', false, ptrAfter, `${op} no longer requires a request body`);
  compareContent(out, op, 'request', { doc: before.doc, holder: was }, { doc: after.doc, holder: is });
}

function compareResponses(out: ContractChange[], op: string, before: OperationSide, after: OperationSide): void {
  const codesBefore = sortedKeys(before.op.responses);
  const codesAfter = sortedKeys(after.op.responses);
  const successBefore = codesBefore.filter((status) => SUCCESS.test(status));
  const successAfter = codesAfter.filter((status) => SUCCESS.test(status));
  const gone = successBefore.filter((status) => !successAfter.includes(status));
  const added = successAfter.filter((status) => !successBefore.includes(status));
  const list = (statuses: string[]): string => (statuses.length === 0 ? 'nothing' : statuses.join(' or '));
  if (successBefore.length === 0) {
    for (const status of added) emit(out, 'response-added', false, pointer(after.ptr, 'responses', status), `${op} now documents a ${status} response`);
  } else if (gone.length > 0 || added.length > 0) {
    const ptr = added.length > 0 ? pointer(after.ptr, 'responses', added[0]) : pointer(before.ptr, 'responses', gone[0]);
    emit(out, 'success-status-changed', true, ptr, `${op} now answers ${list(successAfter)} on success (was ${list(successBefore)})`);
  }

  const pairs = successBefore.filter((status) => successAfter.includes(status)).map((status) => [status, status]);
  if (gone.length === 1 && added.length === 1) pairs.push([gone[0], added[0]]);
  pairs.sort((x, y) => byString(x[1], y[1]));
  for (const [was, is] of pairs) {
    const holder = (side: OperationSide, status: string): Located => follow(side.doc, (side.op.responses as Json)[status], pointer(side.ptr, 'responses', status));
    compareContent(out, op, 'response', { doc: before.doc, holder: holder(before, was) }, { doc: after.doc, holder: holder(after, is) }, is);
  }

  for (const status of union(codesBefore, codesAfter).filter((status) => !SUCCESS.test(status))) {
    if (!codesBefore.includes(status)) emit(out, 'response-added', false, pointer(after.ptr, 'responses', status), `${op} now documents a ${status} response`);
    if (!codesAfter.includes(status)) emit(out, 'other', false, pointer(before.ptr, 'responses', status), `${op} no longer documents a ${status} response`);
  }
}

/** Paths by their template with parameter names blanked, so renaming a path parameter changes no path. */
function pathIndex(doc: OpenApiDocument): Map<string, string> {
  return new Map(sortedKeys(doc.paths).map((path) => [path.replace(/\{[^}]*\}/g, '{}'), path]));
}

const methodsOf = (item: Json): string[] => METHODS.filter((method) => isObject(item[method]));

/** Every difference between two OpenAPI 3.0 documents a client could notice, each classified breaking or not. */
export function diffSpecs(before: OpenApiDocument, after: OpenApiDocument): ContractChange[] {
  const out: ContractChange[] = [];
  const pathsBefore = pathIndex(before);
  const pathsAfter = pathIndex(after);
  for (const template of union([...pathsBefore.keys()], [...pathsAfter.keys()])) {
    const pathBefore = pathsBefore.get(template);
    const pathAfter = pathsAfter.get(template);
    const itemBefore = pathBefore === undefined ? {} : (before.paths[pathBefore] ?? {});
    const itemAfter = pathAfter === undefined ? {} : (after.paths[pathAfter] ?? {});
    const operations = (item: Json): string => methodsOf(item).map((method) => method.toUpperCase()).join(', ');
    if (pathAfter === undefined) {
      emit(out, 'path-removed', true, pointer('', 'paths', pathBefore!), `Path ${code(pathBefore!)} was removed (${operations(itemBefore) || 'no operations'})`);
      continue;
    }
    if (pathBefore === undefined) {
      emit(out, 'path-added', false, pointer('', 'paths', pathAfter), `Path ${code(pathAfter)} was added (${operations(itemAfter) || 'no operations'})`);
      continue;
    }
    for (const method of METHODS) {
      const opBefore = itemBefore[method];
      const opAfter = itemAfter[method];
      const named = (path: string, op: Json): string =>
        `${code(`${method.toUpperCase()} ${path}`)}${typeof op.operationId === 'string' ? ` (${op.operationId})` : ''}`;
      if (isObject(opBefore) && !isObject(opAfter)) {
        emit(out, 'operation-removed', true, pointer('', 'paths', pathBefore, method), `Operation ${named(pathBefore, opBefore)} was removed`);
      } else if (!isObject(opBefore) && isObject(opAfter)) {
        emit(out, 'operation-added', false, pointer('', 'paths', pathAfter, method), `Operation ${named(pathAfter, opAfter)} was added`);
      } else if (isObject(opBefore) && isObject(opAfter)) {
        const side = (doc: OpenApiDocument, path: string, item: Json, op: Json): OperationSide => {
          const itemPtr = pointer('', 'paths', path);
          return { doc, path, item, itemPtr, op, ptr: pointer(itemPtr, method) };
        };
        compareOperations(out, method, side(before, pathBefore, itemBefore, opBefore), side(after, pathAfter, itemAfter, opAfter));
      }
    }
  }
  const seen = new Set<string>();
  return out.filter((change) => {
    const key = JSON.stringify([change.pointer, change.kind, change.breaking, change.message]);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
