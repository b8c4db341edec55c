/**
 * The contract diff: every folder under diff-cases/ is a case (before.json, after.json, expected.json), found by
 * listing the folder, so adding a case needs no code. Then determinism and the committed specs.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog, loadSpec } from '../../openapi/catalog';
import { diffSpecs } from '../../openapi/contracts/diff';
import type { ContractChange, OpenApiDocument } from '../../openapi/contracts/types';

const CASES = path.join(__dirname, 'diff-cases');
const CASE_FILES = ['after.json', 'before.json', 'expected.json'];

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const asSpec = (value: unknown): OpenApiDocument => value as OpenApiDocument;
const triples = (changes: ContractChange[]) => changes.map(({ kind, breaking, pointer }) => ({ kind, breaking, pointer }));

/** The same document with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reversedKeys(inner)]));
}

function spec(file: string): OpenApiDocument {
  const entry = loadCatalog().find((candidate) => candidate.specFile === file);
  assert.ok(entry, `${file} is catalogued`);
  return asSpec(loadSpec(entry));
}

describe('diffSpecs', () => {
  describe('cases (test/contracts/diff-cases)', () => {
    const names = readdirSync(CASES).sort();

    it('finds the cases, each with before.json, after.json and expected.json', () => {
      assert.ok(names.length >= 40, `${names.length} cases`);
      for (const name of names) assert.deepEqual(readdirSync(path.join(CASES, name)).sort(), CASE_FILES, name);
    });

    for (const name of names) {
      it(name, () => {
        const folder = path.join(CASES, name);
        const changes = diffSpecs(asSpec(readJson(path.join(folder, 'before.json'))), asSpec(readJson(path.join(folder, 'after.json'))));
        assert.deepEqual(triples(changes), readJson(path.join(folder, 'expected.json')));
        for (const change of changes) assert.match(change.message, /^\S[^\n]*\.$/, `a one-line sentence: ${change.message}`);
      });
    }

    it('are valid OpenAPI 3 documents on both sides', async () => {
      const { Validator } = await import('@seriousme/openapi-schema-validator');
      const validator = new Validator(); // one for all: building one compiles the OpenAPI schemas
      for (const name of names) {
        for (const side of ['before.json', 'after.json']) {
          const result = await validator.validate(readJson(path.join(CASES, name, side)) as never);
          assert.equal(result.valid, true, `${name}/${side}: ${JSON.stringify(result.errors)}`);
        }
      }
    });
  });

  describe('order and purity', () => {
    const v1 = spec('openapi/partner/customers/v1.json');
    const v2 = spec('openapi/partner/customers/v2.json');

    it('gives the same result every time, whatever the key order of the documents', () => {
      const once = diffSpecs(v1, v2);
      assert.deepEqual(diffSpecs(v1, v2), once);
      assert.deepEqual(diffSpecs(asSpec(reversedKeys(v1)), asSpec(reversedKeys(v2))), once);
    });

    it('leaves its inputs alone', () => {
      const [before, after] = [structuredClone(v1), structuredClone(v2)];
      diffSpecs(before, after);
      assert.deepEqual([before, after], [v1, v2]);
    });

    it('reports each change once', () => {
      const keys = diffSpecs(v1, v2).map((change) => JSON.stringify(change));
      assert.equal(new Set(keys).size, keys.length);
    });

    it('refuses a dangling $ref with a TypeError naming it', () => {
      const broken = structuredClone(v2);
      delete (broken.components as { schemas: Record<string, unknown> }).schemas.Order;
      assert.throws(() => diffSpecs(v1, broken), (error: unknown) => error instanceof TypeError && /#\/components\/schemas\/Order\b/.test(error.message));
    });
  });

  describe('the committed specs', () => {
    for (const entry of loadCatalog()) {
      it(`${entry.id} against itself: no changes`, () => {
        const document = asSpec(loadSpec(entry));
        assert.deepEqual(diffSpecs(document, structuredClone(document)), []);
      });
    }

    it('partner/customers v1 → v2 breaks v1 clients (the reason v2 is a new version)', () => {
      const changes = diffSpecs(spec('openapi/partner/customers/v1.json'), spec('openapi/partner/customers/v2.json'));
      const breaking = changes.filter((change) => change.breaking);
      assert.ok(breaking.length > 0);
      assert.ok(breaking.some((change) => change.kind === 'request-field-required' && change.message.includes('`customerReference`')));
      assert.ok(breaking.some((change) => change.kind === 'response-field-removed'));
      assert.ok(changes.some((change) => change.kind === 'operation-added' && change.pointer === '/paths/~1orders/get'));
    });

    it('partner/customers v2 → v1 breaks too: removing FindOrders is breaking', () => {
      const changes = diffSpecs(spec('openapi/partner/customers/v2.json'), spec('openapi/partner/customers/v1.json'));
      assert.ok(changes.some((change) => change.kind === 'operation-removed' && change.breaking && change.pointer === '/paths/~1orders/get'));
    });
  });
});
