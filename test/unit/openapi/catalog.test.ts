import assert from 'node:assert/strict';
import { CatalogError, loadCatalog, parseCatalog } from '../../../openapi/catalog';

const entry = (extra: string) => `apis:
  - tier: system
    api: erp
    version: 1
    title: ERP
    description: ERP system API
    status: active
    releasedOn: 2026-11-28
${extra}`;

describe('API catalog', () => {
  it('derives the base path, source folder and spec file of every version', () => {
    const [erp] = parseCatalog(entry(''));
    assert.equal(erp?.id, 'system/erp/v1');
    assert.equal(erp?.basePath, '/system/erp/v1');
    assert.equal(erp?.sourceDir, 'apis/system/erp/v1');
    assert.equal(erp?.specFile, 'openapi/system/erp/v1.json');
  });

  it('refuses unknown tiers, unknown keys, duplicates and successors that do not exist', () => {
    assert.throws(() => parseCatalog(entry('').replace('tier: system', 'tier: edge')), (error: unknown) => error instanceof CatalogError && /apis\.0\.tier/.test(error.message));
    assert.throws(() => parseCatalog(entry('    owner: me\n')), /Unrecognized key.*owner/);
    assert.throws(() => parseCatalog(`${entry('')}${entry('').replace('apis:\n', '')}`), /listed twice/);
    assert.throws(() => parseCatalog(entry('    successor: 2\n')), /successor v2, which is not in the catalog/);
    assert.throws(() => parseCatalog(entry('').replace('2026-11-28', '28.11.2026')), /releasedOn: an ISO date/);
  });

  it('lists the three tiers of the committed catalog', () => {
    const tiers = new Set(loadCatalog().map((candidate) => candidate.tier));
    assert.deepEqual([...tiers].sort(), ['partner', 'process', 'system']);
  });
});
