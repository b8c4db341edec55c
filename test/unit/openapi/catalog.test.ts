import assert from 'node:assert/strict';
import { CatalogError, catalogInstant, loadCatalog, parseCatalog, successorOf, versionsOf } from '../../../openapi/catalog';

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

  /** Two versions of partner/customers; `v1` and `v2` are appended to each entry's lines. */
  const pair = (v1: string, v2 = '') => `apis:
  - tier: partner
    api: customers
    version: 1
    title: Customer Orders
    description: v1
    releasedOn: 2026-01-01
${v1}
  - tier: partner
    api: customers
    version: 2
    title: Customer Orders
    description: v2
    releasedOn: 2026-12-01
${v2 || '    status: active'}
`;
  const deprecatedV1 = (extra = '') => `    status: deprecated
    deprecatedOn: 2027-01-01
    sunsetOn: 2027-07-01T12:00:00Z
    successor: 2${extra}`;
  const inconsistent = (text: string, message: RegExp) =>
    assert.throws(() => parseCatalog(text, 'catalog.yaml'), (error: unknown) => error instanceof CatalogError && /^catalog\.yaml is inconsistent:\n/.test(error.message) && message.test(error.message));

  it('takes deprecation and sunset as ISO dates or UTC date-times, and brownouts as UTC date-time windows', () => {
    const [v1, v2] = parseCatalog(
      pair(deprecatedV1(`
    migrationNote: rename the fields
    brownouts:
      - start: 2027-03-01T10:00Z
        end: 2027-03-01T12:00:00Z
        note: first
      - start: 2027-05-01T10:00:00Z
        end: 2027-05-02T10:00:00Z`)),
    );
    assert.equal(v1?.deprecatedOn, '2027-01-01');
    assert.equal(v1?.sunsetOn, '2027-07-01T12:00:00Z');
    assert.deepEqual(v1?.brownouts, [
      { start: '2027-03-01T10:00Z', end: '2027-03-01T12:00:00Z', note: 'first' },
      { start: '2027-05-01T10:00:00Z', end: '2027-05-02T10:00:00Z' },
    ]);
    assert.equal(v2?.brownouts, undefined);
    assert.equal(catalogInstant('2027-01-01').toISOString(), '2027-01-01T00:00:00.000Z', 'a date is its midnight UTC');
    assert.equal(catalogInstant('2027-03-01T10:00Z').toISOString(), '2027-03-01T10:00:00.000Z');
    assert.throws(() => catalogInstant('2027-02-30'), TypeError);
  });

  it('refuses dates that are not ISO, not UTC or not real', () => {
    for (const [value, message] of [
      ['2027-07-01T12:00:00+02:00', /apis\.0\.sunsetOn: an ISO date \(YYYY-MM-DD\) or a UTC date-time/],
      ['2027-07-01 12:00', /apis\.0\.sunsetOn: an ISO date/],
      ['2027-07-01T12:00:00.250Z', /apis\.0\.sunsetOn: an ISO date/],
      ['2027-02-30', /apis\.0\.sunsetOn: not a real date/],
      ['2027-07-01T25:00Z', /apis\.0\.sunsetOn: not a real date/],
    ] as const) {
      assert.throws(() => parseCatalog(pair(deprecatedV1().replace('2027-07-01T12:00:00Z', value))), message, value);
    }
    assert.throws(() => parseCatalog(entry('').replace('2026-11-28', '2026-02-29')), /releasedOn: not a calendar date/);
    assert.throws(
      () => parseCatalog(pair(deprecatedV1('\n    brownouts:\n      - start: 2027-03-01\n        end: 2027-03-02T00:00Z'))),
      /apis\.0\.brownouts\.0\.start: a UTC date-time/,
    );
    assert.throws(() => parseCatalog(pair(deprecatedV1('\n    brownouts:\n      - start: 2027-03-01T10:00Z\n        until: 2027-03-02T00:00Z'))), /Unrecognized key.*until/);
  });

  it('checks that the lifecycle fields agree, naming each problem by its path', () => {
    inconsistent(pair('    status: deprecated'), /apis\.0\.deprecatedOn: partner\/customers\/v1 is deprecated, so it needs deprecatedOn/);
    inconsistent(pair('    status: retired\n    deprecatedOn: 2027-01-01'), /apis\.0\.sunsetOn: partner\/customers\/v1 is retired, so it needs sunsetOn/);
    inconsistent(pair('    status: active\n    sunsetOn: 2027-07-01'), /apis\.0\.status: partner\/customers\/v1 has sunsetOn but is active; set status: deprecated/);
    inconsistent(pair(deprecatedV1().replace('2027-07-01T12:00:00Z', '2027-01-01')), /apis\.0\.sunsetOn: partner\/customers\/v1 sunsets on 2027-01-01, which is not after its deprecatedOn 2027-01-01/);
    inconsistent(pair(deprecatedV1().replace('2027-07-01T12:00:00Z', '2026-12-31T23:59Z')), /sunsets on 2026-12-31T23:59Z, which is not after/);
    inconsistent(pair(deprecatedV1().replace('deprecatedOn: 2027-01-01', 'deprecatedOn: 2025-12-31')), /apis\.0\.deprecatedOn: partner\/customers\/v1 is deprecated on 2025-12-31, before its release on 2026-01-01/);
    inconsistent(pair('    status: active', '    status: active\n    successor: 1'), /apis\.1\.successor: partner\/customers\/v2 names successor v1, which is not a later version/);
    inconsistent(pair(deprecatedV1().replace('successor: 2', 'successor: 3')), /apis\.0\.successor: partner\/customers\/v1 names successor v3, which is not in the catalog/);
    inconsistent(
      pair(deprecatedV1(), '    status: retired\n    deprecatedOn: 2027-01-01\n    sunsetOn: 2027-02-01'),
      /apis\.0\.successor: partner\/customers\/v1 names successor v2, which is retired/,
    );
  });

  it('allows brownouts only on a deprecated version, as windows between its deprecation and its sunset', () => {
    const brownout = (start: string, end: string) => `\n    brownouts:\n      - start: ${start}\n        end: ${end}`;
    inconsistent(pair('    status: active' + brownout('2027-03-01T10:00Z', '2027-03-01T11:00Z')), /apis\.0\.brownouts\.0: partner\/customers\/v1 is active; only a deprecated version has brownouts/);
    inconsistent(pair(deprecatedV1(brownout('2027-03-01T10:00Z', '2027-03-01T10:00Z'))), /apis\.0\.brownouts\.0\.end: the brownout ending 2027-03-01T10:00Z does not start before it ends/);
    inconsistent(pair(deprecatedV1(brownout('2026-12-31T10:00Z', '2027-01-01T10:00Z'))), /apis\.0\.brownouts\.0\.start: the brownout starting 2026-12-31T10:00Z starts before partner\/customers\/v1 is deprecated \(2027-01-01\)/);
    inconsistent(pair(deprecatedV1(brownout('2027-07-01T11:00Z', '2027-07-01T13:00Z'))), /apis\.0\.brownouts\.0\.end: the brownout ending 2027-07-01T13:00Z ends after the sunset of partner\/customers\/v1 \(2027-07-01T12:00:00Z\)/);
    // Every problem is reported at once.
    assert.throws(() => parseCatalog(pair('    status: deprecated\n    successor: 3')), /deprecatedOn[^]*successor v3/);
  });

  it('lists the versions of one API and finds a successor', () => {
    const catalog = parseCatalog(pair(deprecatedV1()).replace('apis:\n', `apis:\n${entry('').replace('apis:\n', '')}`));
    assert.deepEqual(versionsOf([...catalog].reverse(), 'partner', 'customers').map((candidate) => candidate.id), ['partner/customers/v1', 'partner/customers/v2']);
    assert.deepEqual(versionsOf(catalog, 'system', 'erp').map((candidate) => candidate.id), ['system/erp/v1']);
    assert.deepEqual(versionsOf(catalog, 'process', 'erp'), []);
    assert.equal(successorOf(catalog, catalog[1]!)?.id, 'partner/customers/v2');
    assert.equal(successorOf(catalog, catalog[2]!), undefined);
  });

  it('lists the three tiers of the committed catalog', () => {
    const tiers = new Set(loadCatalog().map((candidate) => candidate.tier));
    assert.deepEqual([...tiers].sort(), ['partner', 'process', 'system']);
  });
});
