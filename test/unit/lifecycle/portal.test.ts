import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { catalogIssues, describeEntry, loadCatalog, type CatalogEntry } from '../../../openapi/catalog';
import { createPortalRouter, PORTAL_PATH } from '../../../openapi/portal';

/** Committed entries (the portal loads their specs) with their lifecycle rewritten; v2 borrows v1's spec. */
function portalCatalog(): CatalogEntry[] {
  const committed = loadCatalog();
  const find = (id: string) => {
    const entry = committed.find((candidate) => candidate.id === id);
    if (!entry) throw new Error(`${id} is no longer in openapi/catalog.yaml`);
    return entry;
  };
  const customersV1 = find('partner/customers/v1');
  const erpV1 = find('system/erp/v1');
  return [
    {
      ...customersV1,
      status: 'deprecated',
      deprecatedOn: '2027-01-01',
      sunsetOn: '2027-07-01T12:00:00Z',
      successor: 2,
      migrationNote: 'Send `<unit>` as a UN/CEFACT code.\nPrices now come with their currency.',
      brownouts: [{ start: '2027-03-01T10:00:00Z', end: '2027-03-01T12:00:00Z', note: 'first brownout' }],
    },
    {
      ...describeEntry({ tier: 'partner', api: 'customers', version: 2, title: customersV1.title, description: 'v2', status: 'active', releasedOn: '2026-12-01' }),
      specFile: customersV1.specFile,
    },
    { ...erpV1, status: 'retired', deprecatedOn: '2026-12-01', sunsetOn: '2027-01-31' },
  ];
}

describe('portal: deprecation notices', () => {
  const catalog = portalCatalog();
  const app = express();
  app.use(PORTAL_PATH, createPortalRouter(catalog));

  it('uses a consistent catalog', () => {
    assert.deepEqual(catalogIssues(catalog), []);
  });

  it('shows a banner on a deprecated version’s page, the target of rel="deprecation"', async () => {
    const page = await request(app).get('/portal/partner/customers/v1/').expect(200).expect('content-type', /html/);
    const banner = /<div id="deprecation" class="lifecycle-banner lifecycle-deprecated" role="note">([\s\S]*?)<\/div>\n<div id="swagger-ui"><\/div>/.exec(page.text)?.[1];
    assert.ok(banner, 'the banner sits right before the Swagger UI');
    assert.match(banner, /<strong>Deprecated<\/strong> since 2027-01-01\. Sunset 2027-07-01T12:00:00Z: from then on, calls answer 410 Gone\./);
    assert.match(banner, /Successor: <a href="\/portal\/partner\/customers\/v2\/">Customer Orders API v2<\/a> at <code>\/partner\/customers\/v2<\/code>/);
    assert.match(banner, /Send <code>&#60;unit&#62;<\/code> as a UN\/CEFACT code\.\nPrices now come with their currency\./, 'the migration note, escaped');
    assert.match(banner, /<li>2027-03-01T10:00:00Z to 2027-03-01T12:00:00Z: first brownout<\/li>/);
    assert.match(page.text, /\.lifecycle-banner \{/, 'styled');
    assert.match(page.text, /<title>Customer Orders API v1<\/title>/);
    assert.match(page.text, /swagger-ui-init\.js/);
    await request(app).get('/portal/partner/customers/v1/swagger-ui-init.js').expect(200).expect(/"title": "Customer Orders API"/);
  });

  it('says a retired version is no longer served, and shows no banner on an active one', async () => {
    const retired = await request(app).get('/portal/system/erp/v1/').expect(200);
    assert.match(retired.text, /<div id="deprecation" class="lifecycle-banner lifecycle-retired" role="note"><p><strong>Retired\.<\/strong> ERP System API v1 is no longer served since 2027-01-31: calls answer 410 Gone\.<\/p><\/div>/);
    const active = await request(app).get('/portal/partner/customers/v2/').expect(200);
    assert.doesNotMatch(active.text, /id="deprecation"/);
    assert.doesNotMatch(active.text, /lifecycle-banner"/);
  });

  it('shows since when, the sunset and the successor beside the status badge on the index', async () => {
    const index = await request(app).get('/portal/').expect(200);
    assert.ok(
      index.text.includes(
        '<a href="/portal/partner/customers/v1/#deprecation"><span class="badge badge-deprecated">deprecated</span></a>' +
          '<div class="muted nowrap">since 2027-01-01</div><div class="muted nowrap">sunset 2027-07-01T12:00:00Z</div>' +
          '<div class="muted nowrap">successor <a href="/portal/partner/customers/v2/">v2</a></div>',
      ),
      index.text,
    );
    assert.ok(index.text.includes('<td><span class="badge badge-active">active</span></td>'));
    assert.ok(index.text.includes('<span class="badge badge-retired">retired</span></a><div class="muted nowrap">since 2026-12-01</div><div class="muted nowrap">sunset 2027-01-31</div></td>'));
  });

  it('publishes the migration note and the brownouts in catalog.json', async () => {
    const { body } = await request(app).get('/portal/catalog.json').expect(200);
    const v1 = (body.apis as Array<Record<string, unknown>>).find((entry) => entry.id === 'partner/customers/v1');
    assert.equal(v1?.migrationNote, 'Send `<unit>` as a UN/CEFACT code.\nPrices now come with their currency.');
    assert.deepEqual(v1?.brownouts, [{ start: '2027-03-01T10:00:00Z', end: '2027-03-01T12:00:00Z', note: 'first brownout' }]);
  });
});
