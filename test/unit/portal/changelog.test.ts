import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { loadCatalog, loadSpec, versionsOf, type CatalogEntry } from '../../../openapi/catalog';
import { changelogPage, changelogSteps } from '../../../openapi/portal/changelog-page';
import { createPortalRouter, PORTAL_PATH } from '../../../openapi/portal';

describe('portal: changelog per API', () => {
  const catalog = loadCatalog();
  const app = express();
  app.use(PORTAL_PATH, createPortalRouter(catalog));
  const customers = versionsOf(catalog, 'partner', 'customers');

  it('serves one changelog page per API, with the version-to-version changes from the contract diff', async () => {
    const page = await request(app).get('/portal/partner/customers/changelog').expect(200).expect('content-type', /html/);
    assert.match(page.text, /<title>Customer Orders API: changelog<\/title>/);
    assert.match(page.text, /<h2 id="v1-v2">v1 → v2<\/h2>/);
    assert.match(page.text, /<h3 id="breaking">Breaking<\/h3>\n<ul><li>/);
    assert.match(page.text, /<li>Operation <code>GET \/orders<\/code> \(FindOrders\) was added\.? <code>\/paths\/~1orders\/get<\/code><\/li>/);
    assert.match(page.text, /<a href="\/portal\/partner\/customers\/v1\/">v1<\/a> <span class="badge badge-deprecated">deprecated<\/span>/);
    for (const key of new Set(catalog.map((entry) => `${entry.tier}/${entry.api}`))) {
      await request(app).get(`/portal/${key}/changelog`).expect(200).expect('content-type', /html/);
    }
  });

  it('is linked from the index and from every version’s page', async () => {
    const index = await request(app).get('/portal/').expect(200);
    for (const entry of catalog) {
      assert.ok(index.text.includes(`<a href="/portal/${entry.tier}/${entry.api}/changelog">changelog</a>`), `${entry.id} on the index`);
      const docs = await request(app).get(`/portal/${entry.id}/`).expect(200);
      assert.ok(docs.text.includes(`<a class="changelog-link" href="/portal/${entry.tier}/${entry.api}/changelog">Changelog</a>`), `${entry.id}’s page`);
    }
    const { body } = await request(app).get('/portal/catalog.json').expect(200);
    assert.equal(body.apis.find((entry: { id: string }) => entry.id === 'partner/customers/v2').changelogUrl, '/portal/partner/customers/changelog');
  });

  it('has no page for an API the catalog lacks, nor with a trailing slash', async () => {
    await request(app).get('/portal/partner/nothing/changelog').expect(404);
    await request(app).get('/portal/partner/customers/changelog/').expect(404);
    await request(app).get('/portal/partner/customers/v1/changelog').expect(404);
  });

  describe('with released baselines', () => {
    let root: string;
    before(() => {
      root = mkdtempSync(path.join(tmpdir(), 'dg-portal-changelog-'));
      const v1 = loadSpec(customers.find((entry) => entry.version === 1) as CatalogEntry) as { paths: Record<string, Record<string, unknown>> };
      const folder = path.join(root, 'openapi', 'released', 'partner', 'customers', 'v1');
      mkdirSync(folder, { recursive: true });
      // The first release had one more operation, which the second (the same day) dropped; the third changed nothing.
      const first = { ...v1, paths: { ...v1.paths, '/orders/{orderId}/cancel': { post: { operationId: 'CancelOrder', responses: { '204': { description: 'Cancelled' } } } } } };
      writeFileSync(path.join(folder, '2026-11-28.json'), JSON.stringify(first));
      writeFileSync(path.join(folder, '2026-11-28-2.json'), JSON.stringify(v1));
      writeFileSync(path.join(folder, '2026-12-10.json'), JSON.stringify(v1));
      writeFileSync(path.join(folder, 'notes.json'), '{}');
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('adds a step between each two consecutive releases of a version, before the step to the next version', () => {
      const steps = changelogSteps(customers, root);
      assert.deepEqual(
        steps.map((step) => `${step.from} → ${step.to}`),
        ['v1 (2026-11-28) → v1 (2026-11-28-2)', 'v1 (2026-11-28-2) → v1 (2026-12-10)', 'v1 → v2'],
      );
      const [dropped, unchanged] = steps;
      assert.deepEqual(
        dropped?.changes.map((change) => [change.kind, change.breaking]),
        [['path-removed', true]],
      );
      assert.deepEqual(unchanged?.changes, []);
    });

    it('shows the newest step first', () => {
      const html = changelogPage(customers, PORTAL_PATH, root);
      const headings = [...html.matchAll(/<h2 id="[^"]*">([^<]*)<\/h2>/g)].map((match) => match[1]);
      assert.deepEqual(headings, ['v1 → v2', 'v1 (2026-11-28-2) → v1 (2026-12-10)', 'v1 (2026-11-28) → v1 (2026-11-28-2)']);
      assert.match(html, /Path <code>\/orders\/{orderId}\/cancel<\/code> was removed/);
    });
  });
});
