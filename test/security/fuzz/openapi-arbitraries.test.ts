/**
 * The OpenAPI → fast-check generator (test/support/openapi-arbitraries.ts), judged by an independent validator
 * (Ajv, draft-04 like OpenAPI 3.0's schema objects): what `validValue` generates validates, what `invalidValue`
 * generates does not, for hand-written schemas with every keyword the generator claims, and for every request
 * body and parameter schema of every committed spec.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { PROJECT_ROOT, loadCatalog } from '../../../openapi/catalog';
import { canBreak, invalidValue, mergeSchemas, normalize, validValue, type OpenApiDocument, type SchemaObject } from '../../support/openapi-arbitraries';

const ajv = new Ajv({ strict: false, allErrors: false });
addFormats(ajv);

function validator(document: OpenApiDocument, schema: SchemaObject): (value: unknown) => boolean {
  // The schema's $refs point into the document's components: validate against a root that carries them.
  const check = ajv.compile({ allOf: [schema], components: document.components });
  return (value) => check(value) as boolean;
}

const NO_COMPONENTS: OpenApiDocument = { paths: {}, components: { schemas: {} } };

const WITH_COMPONENTS: OpenApiDocument = {
  paths: {},
  components: {
    schemas: {
      Code: { type: 'string', pattern: '^[A-Z]{3}$' },
      Money: {
        type: 'object',
        properties: { amount: { type: 'number', minimum: 0, maximum: 1e6, exclusiveMinimum: true }, currency: { $ref: '#/components/schemas/Code' } },
        required: ['amount', 'currency'],
        additionalProperties: false,
      },
      Status: { type: 'string', enum: ['OPEN', 'CLOSED'] },
    },
  },
};

const CASES: Array<{ name: string; document: OpenApiDocument; schema: SchemaObject }> = [
  { name: 'a $ref with allOf and a description', document: WITH_COMPONENTS, schema: { allOf: [{ $ref: '#/components/schemas/Money' }], description: 'x' } },
  // (No additionalProperties: false here: JSON Schema's allOf would then refuse the other part's properties; tsoa merges.)
  { name: 'allOf merging two objects', document: WITH_COMPONENTS, schema: { allOf: [{ type: 'object', properties: { money: { $ref: '#/components/schemas/Money' } }, required: ['money'] }, { type: 'object', properties: { note: { type: 'string', maxLength: 5 } }, required: ['note'] }] } },
  { name: 'oneOf', document: WITH_COMPONENTS, schema: { oneOf: [{ type: 'integer', minimum: 10, maximum: 20 }, { $ref: '#/components/schemas/Status' }] } },
  { name: 'anyOf', document: WITH_COMPONENTS, schema: { anyOf: [{ type: 'boolean' }, { type: 'string', format: 'uuid' }] } },
  { name: 'enum', document: WITH_COMPONENTS, schema: { $ref: '#/components/schemas/Status' } },
  { name: 'formats date, date-time, uuid, email', document: NO_COMPONENTS, schema: { type: 'object', properties: { d: { type: 'string', format: 'date' }, t: { type: 'string', format: 'date-time' }, u: { type: 'string', format: 'uuid' }, e: { type: 'string', format: 'email' } }, required: ['d', 't', 'u', 'e'], additionalProperties: false } },
  { name: 'pattern and lengths', document: NO_COMPONENTS, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,34}$', minLength: 2, maxLength: 10 } },
  { name: 'free text with lengths', document: NO_COMPONENTS, schema: { type: 'string', minLength: 3, maxLength: 8 } },
  { name: 'integer bounds, int32', document: NO_COMPONENTS, schema: { type: 'integer', format: 'int32', minimum: -5, maximum: 5 } },
  { name: 'unbounded int32', document: NO_COMPONENTS, schema: { type: 'integer', format: 'int32' } },
  { name: 'exclusive number bounds', document: NO_COMPONENTS, schema: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true } },
  { name: 'arrays with item bounds', document: WITH_COMPONENTS, schema: { type: 'array', items: { $ref: '#/components/schemas/Money' }, minItems: 1, maxItems: 3 } },
  { name: 'unique items', document: NO_COMPONENTS, schema: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 3 }, uniqueItems: true, maxItems: 4 } },
  { name: 'nullable', document: NO_COMPONENTS, schema: { type: 'object', properties: { n: { type: 'string', nullable: true, maxLength: 3 } }, required: ['n'], additionalProperties: false } },
  { name: 'optional properties', document: NO_COMPONENTS, schema: { type: 'object', properties: { a: { type: 'boolean' }, b: { type: 'integer' } }, additionalProperties: false } },
  { name: 'additionalProperties as a schema', document: NO_COMPONENTS, schema: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } } },
];

/** Every request body and parameter schema of every committed spec of a served version. */
function specSchemas(): Array<{ name: string; document: OpenApiDocument; schema: SchemaObject }> {
  const out: Array<{ name: string; document: OpenApiDocument; schema: SchemaObject }> = [];
  for (const entry of loadCatalog().filter((candidate) => candidate.status !== 'retired')) {
    const file = path.join(PROJECT_ROOT, 'openapi', entry.tier, entry.api, `v${entry.version}.json`);
    const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
    for (const [route, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item) as Array<[string, { parameters?: Array<{ name: string; schema: SchemaObject }>; requestBody?: { content: Record<string, { schema: SchemaObject }> } }]>) {
        const body = operation.requestBody?.content['application/json']?.schema;
        if (body) out.push({ name: `${entry.basePath} ${method.toUpperCase()} ${route} body`, document, schema: body });
        for (const parameter of operation.parameters ?? []) out.push({ name: `${entry.basePath} ${method.toUpperCase()} ${route} ${parameter.name}`, document, schema: parameter.schema });
      }
    }
  }
  return out;
}

describe('openapi-arbitraries (the fuzzers\' generator)', function () {
  this.timeout(60_000);

  describe('hand-written schemas', () => {
    for (const { name, document, schema } of CASES) {
      it(`${name}: valid values validate, mutated ones do not`, () => {
        const accepts = validator(document, schema);
        fc.assert(fc.property(validValue(document, schema), (value) => accepts(value)), { numRuns: 150 });
        fc.assert(fc.property(invalidValue(document, schema), ({ value, mutation }) => !accepts(value) || assert.fail(`accepted after ${mutation}: ${JSON.stringify(value)}`)), { numRuns: 150 });
      });
    }
  });

  it('generates every kind of mutation it names', () => {
    const document = WITH_COMPONENTS;
    const schema: SchemaObject = { type: 'object', properties: { money: { $ref: '#/components/schemas/Money' }, status: { $ref: '#/components/schemas/Status' }, lines: { type: 'array', items: { type: 'string', maxLength: 4, minLength: 1 }, minItems: 1, maxItems: 2 } }, required: ['money', 'status', 'lines'], additionalProperties: false };
    const kinds = new Set<string>();
    fc.assert(fc.property(invalidValue(document, schema), ({ mutation }) => { kinds.add(mutation.replace(/^[^:]+: /, '').split(/[ :]/).slice(0, 2).join(' ')); }), { numRuns: 800 });
    for (const kind of ['required money', 'required status', 'unknown property', 'wrong type', 'not in', 'longer than', 'shorter than', 'off pattern', 'below minimum', 'above maximum', 'more than', 'fewer than']) {
      assert.ok([...kinds].some((seen) => seen.startsWith(kind)), `${kind} never generated: ${[...kinds].join(', ')}`);
    }
  });

  it('merges allOf constraints and resolves $ref', () => {
    assert.deepEqual(mergeSchemas({ type: 'string', maxLength: 10, minLength: 1 }, { maxLength: 5, minLength: 2 }), { type: 'string', maxLength: 5, minLength: 2 });
    const money = normalize(WITH_COMPONENTS, { allOf: [{ $ref: '#/components/schemas/Money' }], description: 'd' });
    assert.deepEqual(money.required, ['amount', 'currency']);
    assert.equal(money.additionalProperties, false);
    assert.throws(() => normalize(WITH_COMPONENTS, { $ref: '#/components/schemas/Nope' }), /unresolvable/);
  });

  describe('every committed request schema', () => {
    for (const { name, document, schema } of specSchemas()) {
      it(name, () => {
        const accepts = validator(document, schema);
        fc.assert(fc.property(validValue(document, schema), (value) => accepts(value) || assert.fail(JSON.stringify(value))), { numRuns: 40 });
        if (!canBreak(document, schema)) return;
        fc.assert(fc.property(invalidValue(document, schema), ({ value, mutation }) => !accepts(value) || assert.fail(`accepted after ${mutation}: ${JSON.stringify(value)}`)), { numRuns: 40 });
      });
    }
  });
});
