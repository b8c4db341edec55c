/**
 * The developer portal in a real browser: Debian's Chromium driven by playwright-core against a whole test gateway.
 * The index, a version's Swagger UI with its operations, a deprecated version's banner, the changelog, and one
 * try-it call end to end (Authorize with client credentials at the gateway's /oauth/token, then Execute). A
 * screenshot of each step goes to a temporary folder, printed at the end. Without a Chromium the suite is skipped
 * with a loud notice, unless `REQUIRE_BROWSER=1` (set by .ci/run), which makes that a failure.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEV_CLIENT_SECRETS } from '../../gateway/auth/dev-secrets';
import { loadCatalog } from '../../openapi/catalog';
import { openBrowser, skipWithoutChromium, type BrowserSession } from '../support/browser';
import { startTestGateway, type TestGateway } from '../support/gateway';

const CLIENT_ID = 'globex-dev';

describe('developer portal in a browser (e2e)', function () {
  this.timeout(60_000);
  let gateway: TestGateway | undefined;
  let session: BrowserSession | undefined;
  let page: Page;
  const screenshot = (name: string, options: { fullPage?: boolean } = {}) => (session as BrowserSession).screenshot(name, options);

  before(async function () {
    skipWithoutChromium(this);
    gateway = await startTestGateway();
    session = await openBrowser('dg-portal-e2e-');
    page = session.page;
  });

  after(async () => {
    await session?.close('portal e2e');
    await gateway?.stop();
  });

  it('shows the index: every tier, each version with its status badge', async () => {
    const base = (gateway as TestGateway).url;
    await page.goto(`${base}/portal/`);
    for (const tier of ['partner', 'process', 'system']) {
      await page.getByRole('heading', { name: `${tier} APIs`, exact: false }).waitFor({ state: 'visible' });
    }
    const row = (docsUrl: string) => page.locator('tr').filter({ has: page.locator(`td:first-child > a[href="${docsUrl}"]`) });
    const v1Row = row('/portal/partner/customers/v1/');
    assert.equal(await v1Row.locator('.badge-deprecated').isVisible(), true, 'v1 carries the deprecated badge');
    assert.match(await v1Row.innerText(), /successor\s+v2/);
    const v2Row = row('/portal/partner/customers/v2/');
    assert.equal(await v2Row.locator('.badge-active').isVisible(), true, 'v2 carries the active badge');
    assert.equal(await v2Row.getByRole('link', { name: 'openapi.yaml' }).isVisible(), true);
    assert.equal(await v2Row.getByRole('link', { name: 'changelog' }).isVisible(), true);
    await screenshot('index', { fullPage: true });
  });

  it('renders a version’s operations in Swagger UI (partner/customers/v2: POST /orders)', async () => {
    await page.locator('a[href="/portal/partner/customers/v2/"]').first().click();
    await page.waitForURL('**/portal/partner/customers/v2/');
    const placeOrder = page.locator('.opblock-post .opblock-summary').filter({ hasText: '/orders' }).first();
    await placeOrder.waitFor({ state: 'visible' });
    assert.match(await placeOrder.innerText(), /POST\s+\/orders\s+Place an order/);
    await page.locator('.opblock-get .opblock-summary').filter({ hasText: 'Find an order by your reference' }).waitFor({ state: 'visible' });
    assert.equal(await page.locator('#deprecation').count(), 0, 'an active version has no deprecation banner');
    await screenshot('customers-v2');
  });

  it('shows the deprecated v1 with its banner and a link to its successor', async () => {
    await page.goto(`${(gateway as TestGateway).url}/portal/partner/customers/v1/`);
    const banner = page.locator('#deprecation');
    await banner.waitFor({ state: 'visible' });
    const v1 = loadCatalog().find((entry) => entry.id === 'partner/customers/v1');
    assert.equal(v1?.status, 'deprecated', 'partner/customers/v1 is the catalog’s deprecated version');
    const text = await banner.innerText();
    assert.ok(text.startsWith(`Deprecated since ${v1.deprecatedOn}.`), text);
    if (v1.sunsetOn) assert.ok(text.includes(`Sunset ${v1.sunsetOn}`), text);
    await page.locator('.opblock-summary').first().waitFor({ state: 'visible' });
    await screenshot('customers-v1-deprecated');
    const successor = banner.getByRole('link', { name: 'Customer Orders API v2' });
    assert.equal(await successor.getAttribute('href'), '/portal/partner/customers/v2/');
    await successor.click();
    await page.waitForURL('**/portal/partner/customers/v2/');
  });

  it('links each version’s page to the API’s changelog', async () => {
    await page.locator('.portal-nav a.changelog-link').click();
    await page.waitForURL('**/portal/partner/customers/changelog');
    await page.locator('article.changelog h1').waitFor({ state: 'visible' });
    assert.match(await page.locator('article.changelog').innerText(), /v1 → v2/);
    await screenshot('customers-changelog', { fullPage: true });
  });

  it('tries an operation for real: Authorize at /oauth/token, then Execute against the gateway', async () => {
    const running = gateway as TestGateway;
    // An order to find: placed through the API, then looked up through the page.
    const reference = `E2E-${Date.now()}`;
    const writer = await running.as(CLIENT_ID, 'partner.orders.write');
    const placed = await writer
      .post('/partner/customers/v2/orders')
      .send({ customerReference: reference, items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'EA' } }] })
      .expect(201);

    await page.goto(`${running.url}/portal/partner/customers/v2/`);
    await page.locator('button.authorize').first().click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await dialog.locator('#client_id_clientCredentials').fill(CLIENT_ID);
    await dialog.locator('#client_secret_clientCredentials').fill(DEV_CLIENT_SECRETS[CLIENT_ID] as string);
    for (const scope of ['partner.orders.read', 'partner.orders.write']) {
      // The checkbox itself is hidden behind its styled label, as a person sees it.
      await dialog.locator('.checkbox').filter({ hasText: scope }).locator('label').click();
      assert.equal(await dialog.locator(`input[data-value="${scope}"]`).isChecked(), true, `${scope} selected`);
    }
    await screenshot('authorize-filled');
    const token = page.waitForResponse((response) => response.url() === `${running.url}/oauth/token`);
    await dialog.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
    assert.equal((await token).status(), 200, 'the token endpoint resolved against the page’s origin, and answered');
    await dialog.locator('button', { hasText: 'Logout' }).waitFor({ state: 'visible' });
    assert.match(await dialog.innerText(), /Authorized/);
    await screenshot('authorized');
    await dialog.locator('.auth-btn-wrapper').getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    const find = page.locator('#operations-Orders-FindOrders');
    await find.locator('.opblock-summary').click();
    const tryItOut = find.getByRole('button', { name: 'Try it out' });
    if (await tryItOut.isVisible()) await tryItOut.click();
    await find.locator('tr[data-param-name="customerReference"] input').fill(reference);
    const call = page.waitForResponse((response) => response.url().startsWith(`${running.url}/partner/customers/v2/orders?`));
    await find.getByRole('button', { name: 'Execute' }).click();
    const answered = await call;
    assert.equal(answered.status(), 200);
    assert.match(answered.request().headers().authorization ?? '', /^Bearer ey/, 'the call carried the token the dialog obtained');
    const status = find.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor({ state: 'visible' });
    assert.equal((await status.innerText()).trim(), '200');
    const body = await find.locator('.live-responses-table .response-col_description .microlight').first().innerText();
    assert.ok(body.includes(placed.body.id as string), `the response shows the order placed (${placed.body.id})`);
    await find.locator('.live-responses-table').scrollIntoViewIfNeeded();
    await screenshot('try-it-executed');
  });

  it('loaded nothing from anywhere but the gateway, and no script failed', () => {
    const origin = (gateway as TestGateway).url;
    const { requested, pageErrors } = session as BrowserSession;
    assert.deepEqual(
      requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:')),
      [],
    );
    assert.deepEqual(pageErrors, []);
  });
});
