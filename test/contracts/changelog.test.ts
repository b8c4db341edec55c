/**
 * The Markdown changelog and the change counts the CLI and the portal show.
 */
import assert from 'node:assert/strict';
import { changelogMarkdown, summariseChanges } from '../../openapi/contracts/changelog';
import type { ContractChange } from '../../openapi/contracts/types';

const removed: ContractChange = {
  pointer: '/components/schemas/Order/properties/reason',
  kind: 'response-field-removed',
  breaking: true,
  message: '`GET /orders/{orderId}`: response field `reason` (200) was removed.',
};
const added: ContractChange = {
  pointer: '/paths/~1orders/get',
  kind: 'operation-added',
  breaking: false,
  message: 'Operation `GET /orders` (FindOrders) was added.',
};
const required: ContractChange = {
  pointer: '/components/schemas/OrderRequest/properties/customerReference',
  kind: 'request-field-required',
  breaking: true,
  message: '`POST /orders`: new required request field `customerReference`.',
};

describe('changelog', () => {
  describe('summariseChanges', () => {
    it('counts breaking and other changes', () => {
      assert.deepEqual(summariseChanges([removed, added, required]), { breaking: 2, other: 1 });
      assert.deepEqual(summariseChanges([]), { breaking: 0, other: 0 });
    });
  });

  describe('changelogMarkdown', () => {
    it('puts a heading per step, breaking changes first, each a bullet with its pointer in code', () => {
      const markdown = changelogMarkdown('Customer Orders API', [{ from: 'v1 (2026-11-28)', to: 'v2', changes: [added, removed, required] }]);
      assert.equal(
        markdown,
        [
          '# Customer Orders API',
          '',
          '## v1 (2026-11-28) → v2',
          '',
          '### Breaking',
          '',
          '- `GET /orders/{orderId}`: response field `reason` (200) was removed. `/components/schemas/Order/properties/reason`',
          '- `POST /orders`: new required request field `customerReference`. `/components/schemas/OrderRequest/properties/customerReference`',
          '',
          '### Other changes',
          '',
          '- Operation `GET /orders` (FindOrders) was added. `/paths/~1orders/get`',
          '',
        ].join('\n'),
      );
    });

    it('says "No changes." for a step without any, and keeps the steps in order', () => {
      const markdown = changelogMarkdown('Orders API', [
        { from: 'v1 (2026-11-28)', to: 'v1 (2026-12-05)', changes: [] },
        { from: 'v1 (2026-12-05)', to: 'v2', changes: [added] },
      ]);
      assert.equal(
        markdown,
        [
          '# Orders API',
          '',
          '## v1 (2026-11-28) → v1 (2026-12-05)',
          '',
          'No changes.',
          '',
          '## v1 (2026-12-05) → v2',
          '',
          '### Other changes',
          '',
          '- Operation `GET /orders` (FindOrders) was added. `/paths/~1orders/get`',
          '',
        ].join('\n'),
      );
    });

    it('leaves out an empty section', () => {
      const markdown = changelogMarkdown('Orders API', [{ from: 'v1', to: 'v2', changes: [removed] }]);
      assert.match(markdown, /### Breaking/);
      assert.doesNotMatch(markdown, /### Other changes/);
    });

    it('says "No changes." when there are no steps at all', () => {
      assert.equal(changelogMarkdown('Orders API', []), '# Orders API\n\nNo changes.\n');
    });

    it('keeps each bullet on one line and fences pointers that hold backticks', () => {
      const odd: ContractChange = { pointer: '/components/schemas/A`B', kind: 'other', breaking: false, message: 'Two\nlines.' };
      const markdown = changelogMarkdown('Orders API', [{ from: 'v1', to: 'v2', changes: [odd] }]);
      assert.ok(markdown.includes('- Two lines. `` /components/schemas/A`B ``\n'), markdown);
    });
  });
});
