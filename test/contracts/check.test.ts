/**
 * The gate on published contracts: no released API version may break. For every catalog version with a released
 * baseline (openapi/released/), the diff from its latest release to its committed spec must hold no breaking
 * change. When this fails: restore the contract, or publish the change as a new version of the API. A deliberate
 * break of a released version is released with `npm run contracts -- release <api> <version> --allow-breaking`.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../openapi/catalog';
import { checkContracts, checkReport } from '../../openapi/contracts/cli/check';

describe('published contracts (contracts check)', function () {
  this.timeout(60_000);

  it('no released API version of this project has a breaking change since its latest release', async () => {
    const outcome = await checkContracts(PROJECT_ROOT);
    assert.ok(outcome.ok, `\n${checkReport(outcome)}`);
    assert.ok(outcome.checked.length > 0, 'at least one version is released (openapi/released/)');
  });

  describe('on a minimal project', () => {
    const CATALOG = `# one API version
apis:
  - tier: partner
    api: customers
    version: 1
    title: Customer Orders API
    description: Orders for customers.
    status: active
    releasedOn: 2026-11-28
`;
    const specFile = 'openapi/partner/customers/v1.json';
    const baselineFile = 'openapi/released/partner/customers/v1/2026-11-28.json';
    let root: string;

    type Spec = { components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> } };
    const editSpec = (edit: (spec: Spec) => void): void => {
      const spec = JSON.parse(readFileSync(path.join(root, specFile), 'utf8')) as Spec;
      edit(spec);
      writeFileSync(path.join(root, specFile), `${JSON.stringify(spec, null, 2)}\n`);
    };

    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'dg-contracts-check-'));
      mkdirSync(path.join(root, 'openapi', 'partner', 'customers'), { recursive: true });
      mkdirSync(path.dirname(path.join(root, baselineFile)), { recursive: true });
      writeFileSync(path.join(root, 'openapi', 'catalog.yaml'), CATALOG);
      cpSync(path.join(PROJECT_ROOT, specFile), path.join(root, specFile));
      cpSync(path.join(PROJECT_ROOT, specFile), path.join(root, baselineFile));
    });

    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('passes when the committed spec is its release', async () => {
      const outcome = await checkContracts(root);
      assert.equal(outcome.ok, true, checkReport(outcome));
      assert.deepEqual(outcome.checked, [{ id: 'partner/customers/v1', release: '2026-11-28', changes: 0 }]);
    });

    it('fails when a response field is removed from the committed spec', async () => {
      editSpec((spec) => {
        delete spec.components.schemas.CustomerOrder?.properties.salesOrderNumber;
      });
      const outcome = await checkContracts(root);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.problems.length, 1);
      const [problem] = outcome.problems;
      assert.equal(problem?.id, 'partner/customers/v1');
      assert.equal(problem?.release, '2026-11-28');
      assert.ok(problem?.breaking.length, 'lists the breaking changes');
      assert.ok(problem?.breaking.every((change) => change.kind === 'response-field-removed' && change.pointer.endsWith('/CustomerOrder/properties/salesOrderNumber')));
      assert.match(checkReport(outcome), /partner\/customers\/v1 breaks its release 2026-11-28/);
    });

    it('passes when an optional response field is added', async () => {
      editSpec((spec) => {
        const order = spec.components.schemas.CustomerOrder as { properties: Record<string, unknown> };
        order.properties.trackingUrl = { type: 'string', description: 'Where the shipment can be followed.' };
      });
      const outcome = await checkContracts(root);
      assert.equal(outcome.ok, true, checkReport(outcome));
      assert.ok((outcome.checked[0]?.changes ?? 0) > 0, 'the added field is seen as a change');
    });

    it('checks against the latest release only, and skips retired and unreleased versions', async () => {
      editSpec((spec) => {
        delete spec.components.schemas.CustomerOrder?.properties.salesOrderNumber;
      });
      // A later release already without the field: the removal is published, nothing breaks it any more.
      cpSync(path.join(root, specFile), path.join(root, 'openapi/released/partner/customers/v1/2026-11-28-2.json'));
      assert.equal((await checkContracts(root)).ok, true);

      writeFileSync(
        path.join(root, 'openapi', 'catalog.yaml'),
        CATALOG.replace('status: active', 'status: retired\n    deprecatedOn: 2026-11-29\n    sunsetOn: 2026-12-01'),
      );
      rmSync(path.join(root, 'openapi/released/partner/customers/v1/2026-11-28-2.json'));
      const retired = await checkContracts(root);
      assert.equal(retired.ok, true);
      assert.deepEqual(retired.retired, ['partner/customers/v1']);

      rmSync(path.join(root, 'openapi', 'released'), { recursive: true });
      writeFileSync(path.join(root, 'openapi', 'catalog.yaml'), CATALOG);
      const unreleased = await checkContracts(root);
      assert.equal(unreleased.ok, true);
      assert.deepEqual(unreleased.unreleased, ['partner/customers/v1']);
    });

    it('reports a committed spec that is missing as a problem', async () => {
      rmSync(path.join(root, specFile));
      const outcome = await checkContracts(root);
      assert.equal(outcome.ok, false);
      assert.match(outcome.problems[0]?.error ?? '', /cannot compare .* ENOENT/);
    });
  });
});
