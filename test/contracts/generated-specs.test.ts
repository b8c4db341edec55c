/**
 * The committed specs are the published contracts: they must be exactly what the code generates today, and each
 * must be a valid OpenAPI 3 document. Regenerate with `npm run generate` and commit the result.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog, loadSpec, PROJECT_ROOT } from '../../openapi/catalog';
import { generateSpecs } from '../../scripts/generate-contracts';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

describe('generated OpenAPI contracts', function () {
  this.timeout(180_000);
  const catalog = loadCatalog();

  it('match what the controllers generate today (run `npm run generate` and commit)', async () => {
    const outputRoot = mkdtempSync(path.join(tmpdir(), 'dg-specs-'));
    const cwd = process.cwd();
    try {
      process.chdir(PROJECT_ROOT);
      await generateSpecs(outputRoot, catalog);
      for (const entry of catalog) {
        const committed = readFileSync(path.join(PROJECT_ROOT, entry.specFile), 'utf8');
        const generated = readFileSync(path.join(outputRoot, entry.specFile), 'utf8');
        assert.equal(committed, generated, `${entry.specFile} differs from what the code generates`);
      }
    } finally {
      process.chdir(cwd);
      rmSync(outputRoot, { recursive: true, force: true });
    }
  });

  for (const entry of catalog) {
    it(`${entry.id} is a valid OpenAPI 3 document with operations under its base path`, async () => {
      const { Validator } = await import('@seriousme/openapi-schema-validator');
      const spec = loadSpec(entry) as { openapi: string; paths: Record<string, Record<string, unknown>>; servers: Array<{ url: string }> };
      const result = await new Validator().validate(spec as never);
      assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
      assert.match(spec.openapi, /^3\./);
      const operations = Object.values(spec.paths).flatMap((item) => Object.keys(item).filter((key) => HTTP_METHODS.includes(key)));
      assert.ok(operations.length > 0, 'at least one operation');
      assert.deepEqual(spec.servers.map((server) => server.url), [entry.basePath]);
    });
  }
});
