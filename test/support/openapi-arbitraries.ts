/**
 * fast-check arbitraries from OpenAPI 3.0 schema objects: `validValue` generates values the schema accepts, and
 * `invalidValue` a valid value with one mutation the schema refuses (a required property removed, an unknown
 * property, a wrong type, an out-of-range number, a string too long or too short or off its pattern, a value
 * outside its enum). Covers $ref, allOf (merged), oneOf/anyOf (one branch), enum, nullable, formats date,
 * date-time, uuid, email, int32/int64, pattern (fc.stringMatching), min/max lengths, values and items,
 * required vs optional properties, and additionalProperties (false: never extras; a schema: extras of it).
 *
 * Limits, said so: oneOf picks a branch without proving the others reject it; `not`, `multipleOf`,
 * `discriminator` and `readOnly`/`writeOnly` are ignored; a pattern with lookarounds or back-references is beyond
 * fc.stringMatching. tsoa's specs (the only ones here) use none of them.
 */
import fc from 'fast-check';

export interface SchemaObject {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  default?: unknown;
  [other: string]: unknown;
}

export interface OpenApiDocument {
  components?: { schemas?: Record<string, SchemaObject> };
  paths: Record<string, Record<string, unknown>>;
  [other: string]: unknown;
}

export interface ArbitraryOptions {
  /** Longest array generated where the schema allows more. Default 4. */
  maxItems?: number;
  /** Longest free string generated where the schema allows more. Default 40. */
  maxStringLength?: number;
  /** Nesting depth past which optional properties are left out (a guard against recursive schemas). Default 8. */
  maxDepth?: number;
}

const DEFAULTS = { maxItems: 4, maxStringLength: 40, maxDepth: 8 };
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** The schema a `#/components/schemas/Name` reference points to. */
export function resolveRef(document: OpenApiDocument, ref: string): SchemaObject {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  const target = match ? document.components?.schemas?.[decodeURIComponent(match[1] as string)] : undefined;
  if (!target) throw new Error(`unresolvable $ref ${ref}`);
  return target;
}

/** Follows $refs and merges allOf into one schema; oneOf/anyOf are left for the caller to choose from. */
export function normalize(document: OpenApiDocument, schema: SchemaObject, seen: readonly string[] = []): SchemaObject {
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) throw new Error(`recursive $ref ${schema.$ref} inside allOf`);
    const { $ref, ...rest } = schema;
    return normalize(document, mergeSchemas(resolveRef(document, $ref), rest), [...seen, $ref]);
  }
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    return allOf.map((part) => normalize(document, part, seen)).reduce(mergeSchemas, normalize(document, rest, seen));
  }
  return schema;
}

/** Both schemas' constraints at once: properties and required lists united, bounds narrowed, enums intersected. */
export function mergeSchemas(a: SchemaObject, b: SchemaObject): SchemaObject {
  const merged: SchemaObject = { ...a, ...b };
  if (a.properties || b.properties) {
    const properties: Record<string, SchemaObject> = { ...a.properties };
    for (const [name, schema] of Object.entries(b.properties ?? {})) properties[name] = properties[name] ? { allOf: [properties[name], schema] } : schema;
    merged.properties = properties;
  }
  if (a.required || b.required) merged.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  const narrow = (key: 'minimum' | 'minLength' | 'minItems', pick: (x: number, y: number) => number) => {
    if (a[key] !== undefined && b[key] !== undefined) merged[key] = pick(a[key], b[key]);
  };
  narrow('minimum', Math.max);
  narrow('minLength', Math.max);
  narrow('minItems', Math.max);
  for (const key of ['maximum', 'maxLength', 'maxItems'] as const) {
    if (a[key] !== undefined && b[key] !== undefined) merged[key] = Math.min(a[key], b[key]);
  }
  if (a.enum && b.enum) merged.enum = a.enum.filter((value) => b.enum!.some((other) => JSON.stringify(other) === JSON.stringify(value)));
  if (a.additionalProperties === false || b.additionalProperties === false) merged.additionalProperties = false;
  if (a.nullable === false || b.nullable === false) merged.nullable = false;
  return merged;
}

function typeOf(schema: SchemaObject): SchemaObject['type'] | undefined {
  if (schema.type) return schema.type;
  if (schema.properties || schema.additionalProperties !== undefined) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function lengthBounds(schema: SchemaObject, options: Required<ArbitraryOptions>): { min: number; max: number } {
  const min = schema.minLength ?? 0;
  return { min, max: Math.max(min, Math.min(schema.maxLength ?? Number.MAX_SAFE_INTEGER, min + options.maxStringLength)) };
}

/** Any unicode text (lone surrogates, controls, astral characters included), its length counted as JS (and tsoa) count it. */
function anyText(min: number, max: number): fc.Arbitrary<string> {
  const unit = fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) });
  return fc.array(unit, { minLength: min, maxLength: max }).map((units) => units.join('')).filter((text) => text.length >= min && text.length <= max);
}

function isoDate(): fc.Arbitrary<Date> {
  return fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('2199-12-31T23:59:59.999Z'), noInvalidDate: true });
}

function stringArbitrary(schema: SchemaObject, options: Required<ArbitraryOptions>): fc.Arbitrary<string> {
  const { min, max } = lengthBounds(schema, options);
  const fits = (text: string) => text.length >= min && text.length <= (schema.maxLength ?? Infinity);
  let base: fc.Arbitrary<string>;
  if (schema.pattern) base = fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  else if (schema.format === 'date') base = isoDate().map((date) => date.toISOString().slice(0, 10));
  else if (schema.format === 'date-time') base = isoDate().map((date) => date.toISOString());
  else if (schema.format === 'uuid') base = fc.uuid();
  else if (schema.format === 'email') base = fc.emailAddress();
  else return anyText(min, max);
  return base.filter(fits);
}

function numberBounds(schema: SchemaObject, integer: boolean): { min: number; max: number } {
  const int32 = integer && schema.format !== 'int64';
  let min = schema.minimum ?? (int32 ? INT32.min : integer ? Number.MIN_SAFE_INTEGER : -Number.MAX_VALUE);
  let max = schema.maximum ?? (int32 ? INT32.max : integer ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE);
  if (integer) {
    min = schema.exclusiveMinimum ? Math.floor(min) + 1 : Math.ceil(min);
    max = schema.exclusiveMaximum ? Math.ceil(max) - 1 : Math.floor(max);
  }
  return { min, max };
}

/** Values the schema accepts. */
export function validValue(document: OpenApiDocument, schema: SchemaObject, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return valid(document, schema, { ...DEFAULTS, ...options }, 0);
}

function valid(document: OpenApiDocument, raw: SchemaObject, options: Required<ArbitraryOptions>, depth: number): fc.Arbitrary<unknown> {
  const schema = normalize(document, raw);
  const arbitrary = validNotNull(document, schema, options, depth);
  return schema.nullable ? fc.option(arbitrary, { nil: null, freq: 8 }) : arbitrary;
}

function validNotNull(document: OpenApiDocument, schema: SchemaObject, options: Required<ArbitraryOptions>, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum.filter((value) => value !== null));
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...shared } = schema;
    return fc.oneof(...branches.map((branch) => valid(document, { allOf: [shared, branch] }, options, depth)));
  }
  switch (typeOf(schema)) {
    case 'string':
      return stringArbitrary(schema, options);
    case 'integer': {
      const { min, max } = numberBounds(schema, true);
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
    }
    case 'number': {
      const { min, max } = numberBounds(schema, false);
      return fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: schema.exclusiveMinimum === true, maxExcluded: schema.exclusiveMaximum === true })
        .map((value) => (Object.is(value, -0) ? 0 : value));
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = schema.items ? valid(document, schema.items, options, depth + 1) : fc.jsonValue();
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? Infinity, options.maxItems));
      return schema.uniqueItems ? fc.uniqueArray(item, { minLength, maxLength, selector: (value) => JSON.stringify(value) }) : fc.array(item, { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(document, schema, options, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArbitrary(document: OpenApiDocument, schema: SchemaObject, options: Required<ArbitraryOptions>, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).filter(([name]) => required.has(name) || depth < options.maxDepth);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of entries) model[name] = valid(document, property, options, depth + 1);
  const record = fc.record(model, { requiredKeys: entries.map(([name]) => name).filter((name) => required.has(name)) });
  const extra = schema.additionalProperties;
  if (!extra || depth >= options.maxDepth) return record as fc.Arbitrary<Record<string, unknown>>;
  const known = new Set(Object.keys(schema.properties ?? {}));
  const values = extra === true ? fc.jsonValue({ maxDepth: 1 }) : valid(document, extra, options, depth + 1);
  const extras = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !known.has(key) && key !== '__proto__'), values, { maxKeys: 3 });
  return fc.tuple(record, extras).map(([fixed, more]) => ({ ...more, ...fixed }));
}

/** Where in a value a mutation applies, and what it did (for the counterexample's report). */
export interface InvalidValue {
  value: unknown;
  mutation: string;
}

type Path = ReadonlyArray<string | number>;

/** Every schema node a valid value actually reaches, with its path: the places a mutation can break. */
function sites(document: OpenApiDocument, raw: SchemaObject, value: unknown, path: Path, out: Array<{ path: Path; schema: SchemaObject; value: unknown }>): void {
  const schema = normalize(document, raw);
  if (value === null) return;
  out.push({ path, schema, value });
  if (Array.isArray(value) && schema.items) value.forEach((item, index) => sites(document, schema.items!, item, [...path, index], out));
  else if (value && typeof value === 'object' && schema.properties) {
    for (const [name, property] of Object.entries(schema.properties)) {
      if (name in value) sites(document, property, (value as Record<string, unknown>)[name], [...path, name], out);
    }
  }
}

function setAt(root: unknown, path: Path, replace: (current: unknown) => unknown): unknown {
  if (path.length === 0) return replace(root);
  const copy: unknown = Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) };
  const [head, ...rest] = path as [string | number, ...Path];
  (copy as Record<string | number, unknown>)[head] = setAt((copy as Record<string | number, unknown>)[head], rest, replace);
  return copy;
}

/** Values of the wrong JSON type for a schema type, including the ones a lenient server coerces ("12", "true", [3]). */
export const WRONG_TYPES: Record<string, readonly unknown[]> = {
  string: [42, true, { text: 'x' }, ['x'], null],
  integer: ['forty-two', true, { value: 1 }, null, 'NaN', '12', [3]],
  number: ['forty-two', true, { value: 1 }, null, 'Infinity', '1.5', [2]],
  boolean: ['maybe', 2, { value: true }, null, 'true', 'false'],
  array: ['not-an-array', 7, false, null],
  object: ['not-an-object', 7, true, null, []],
};

/** The mutations that break one site of a value, each as a replacement of the value there (or its removal). */
/** The JSON type (integer counted as number) every value of a schema has; undefined when it may have several. */
function jsonTypeOf(document: OpenApiDocument, raw: SchemaObject): string | undefined {
  const schema = normalize(document, raw);
  if (schema.oneOf || schema.anyOf) return undefined;
  const type = typeOf(schema) ?? (schema.enum && new Set(schema.enum.map((member) => typeof member)).size === 1 ? typeof schema.enum[0] : undefined);
  return type === 'integer' ? 'number' : type;
}

function breakers(document: OpenApiDocument, schema: SchemaObject, value: unknown, path: Path): Array<fc.Arbitrary<{ replace: (current: unknown) => unknown; mutation: string }>> {
  const at = path.length === 0 ? '(root)' : path.join('.');
  const out: Array<fc.Arbitrary<{ replace: (current: unknown) => unknown; mutation: string }>> = [];
  const type = typeOf(schema);
  const put = (replacement: unknown, mutation: string) => ({ replace: () => replacement, mutation: `${at}: ${mutation}` });
  if (type && WRONG_TYPES[type] && !schema.oneOf && !schema.anyOf) {
    const wrong = WRONG_TYPES[type].filter((candidate) => !(candidate === null && schema.nullable));
    if (wrong.length > 0) out.push(fc.constantFrom(...wrong).map((candidate) => put(candidate, `wrong type ${JSON.stringify(candidate)} for ${type}`)));
  }
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) {
    // A value of a JSON type no branch has.
    const types = new Set(branches.map((branch) => jsonTypeOf(document, branch)));
    const foreign = [['string', 'not-any-branch'], ['number', 1234.5], ['boolean', true], ['object', { notAnyBranch: 1 }], ['array', [[]]]] as const;
    const candidates = types.has(undefined) ? [] : foreign.filter(([jsonType]) => !types.has(jsonType)).map(([, candidate]) => candidate);
    if (candidates.length > 0) out.push(fc.constantFrom(...candidates).map((candidate) => put(candidate, `matches no branch: ${JSON.stringify(candidate)}`)));
  }
  if (schema.enum) {
    out.push(fc.string({ minLength: 1, maxLength: 12 }).map((text) => `${text}_NOT_IN_ENUM`).map((text) => put(text, `not in enum: ${text}`)));
  }
  if (type === 'string' && !schema.enum) {
    if (schema.maxLength !== undefined) out.push(fc.integer({ min: 1, max: 64 }).map((extra) => put('x'.repeat(schema.maxLength! + extra), `longer than maxLength ${schema.maxLength}`)));
    if (schema.minLength) out.push(fc.constant(put('x'.repeat(schema.minLength - 1), `shorter than minLength ${schema.minLength}`)));
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      const off = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(' ', '\u0000', '../..', 'é', '-1')).filter((text) => !pattern.test(text) && text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity));
      out.push(off.map((text) => put(text, `off pattern ${schema.pattern}: ${JSON.stringify(text)}`)));
    }
  }
  if (type === 'integer' || type === 'number') {
    const integer = type === 'integer';
    if (schema.minimum !== undefined) out.push(fc.integer({ min: 1, max: 1_000_000 }).map((below) => put(schema.minimum! - (schema.exclusiveMinimum ? below - 1 : below), `below minimum ${schema.minimum}`)));
    if (schema.maximum !== undefined) out.push(fc.integer({ min: 1, max: 1_000_000 }).map((above) => put(schema.maximum! + (schema.exclusiveMaximum ? above - 1 : above), `above maximum ${schema.maximum}`)));
    if (integer) out.push(fc.constantFrom(0.5, 1.25, -7.5, 1e-7).map((fraction) => put(fraction, `not an integer: ${fraction}`)));
    if (integer && schema.format === 'int32' && schema.maximum === undefined) out.push(fc.constant(put(2 ** 31, 'past int32')));
  }
  if (type === 'array') {
    if (schema.maxItems !== undefined && Array.isArray(value) && value.length > 0) {
      out.push(fc.constant({ replace: (current: unknown) => Array.from({ length: schema.maxItems! + 1 }, (_unused, index) => (current as unknown[])[index % (current as unknown[]).length]), mutation: `${at}: more than maxItems ${schema.maxItems}` }));
    }
    // An array's own item in place of the array: what body coercion would wrap into a one-item array.
    if (Array.isArray(value) && value.length > 0) out.push(fc.constant({ replace: (current: unknown) => (Array.isArray(current) && current.length > 0 ? current[0] : 'not-an-array'), mutation: `${at}: an item instead of the array` }));
    if (schema.minItems) out.push(fc.constant({ replace: (current: unknown) => (current as unknown[]).slice(0, schema.minItems! - 1), mutation: `${at}: fewer than minItems ${schema.minItems}` }));
  }
  if (type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const present = (schema.required ?? []).filter((name) => name in value && !(schema.properties?.[name]?.default !== undefined));
    if (present.length > 0) {
      out.push(fc.constantFrom(...present).map((name) => ({ replace: (current: unknown) => omit(current as Record<string, unknown>, name), mutation: `${at}: required ${name} removed` })));
    }
    if (schema.additionalProperties === false || schema.additionalProperties === undefined) {
      const known = new Set(Object.keys(schema.properties ?? {}));
      const name = fc.oneof(fc.constantFrom('unknownProperty', 'isAdmin', 'constructor'), fc.string({ minLength: 1, maxLength: 10 }).map((text) => `x_${text}`)).filter((candidate) => !known.has(candidate));
      if (schema.additionalProperties === false) {
        out.push(fc.tuple(name, fc.jsonValue({ maxDepth: 1 })).map(([key, extra]) => ({ replace: (current: unknown) => ({ ...(current as object), [key]: extra }), mutation: `${at}: unknown property ${key}` })));
      }
    }
  }
  return out;
}

function omit(object: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _removed, ...rest } = object;
  return rest;
}

/**
 * A valid value with exactly one mutation the schema refuses, and what it was. Undefined when the schema accepts
 * everything (no site can be broken).
 */
export function invalidValue(document: OpenApiDocument, schema: SchemaObject, options: ArbitraryOptions = {}): fc.Arbitrary<InvalidValue> {
  return validValue(document, schema, options).chain((value) => {
    const found: Array<{ path: Path; schema: SchemaObject; value: unknown }> = [];
    sites(document, schema, value, [], found);
    const candidates = found.flatMap((site) => breakers(document, site.schema, site.value, site.path).map((breaker) => breaker.map((b) => ({ ...b, path: site.path }))));
    if (candidates.length === 0) return fc.constant<InvalidValue>({ value, mutation: NOTHING_TO_BREAK });
    return fc.oneof(...candidates).map(({ replace, mutation, path }) => ({ value: setAt(value, path, replace), mutation }));
  });
}

/** The mutation named when a schema accepts anything (`{}`): the value is then left valid. Check `canBreak` first. */
export const NOTHING_TO_BREAK = 'nothing to break';

/** Whether invalidValue can break the schema at its root (an untyped `{}` accepts everything). */
export function canBreak(document: OpenApiDocument, schema: SchemaObject): boolean {
  const normalized = normalize(document, schema);
  return normalized.enum !== undefined || typeOf(normalized) !== undefined || normalized.oneOf !== undefined || normalized.anyOf !== undefined;
}
