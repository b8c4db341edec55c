/**
 * The portal's operations page in a real browser against a whole test gateway: real exceptions (orders parked
 * while the sandbox ERP answers 500), a partner's client refused with the 403 problem's message, the operator's
 * client signing in with client credentials, the exceptions queue (hostile order numbers shown as text), one replay
 * and a confirmed bulk replay, the charts drawn from the activity contract's shape and from the gateway's own
 * activity endpoint, the "activity not available" notice when that answers 404, and the token kept out of every
 * storage. Screenshots go to a temporary folder, printed at the end.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEV_CLIENT_SECRETS } from '../../gateway/auth/dev-secrets';
import type { Activity } from '../../openapi/portal/operations/view-model';
import { openBrowser, skipWithoutChromium, type BrowserSession } from '../support/browser';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { orderSubmission, reached, waitForOrder } from '../support/orders';
import { ErpSandboxControls } from '../support/sandbox-controls';

const OPERATOR = 'architect';
const PARTNER = 'globex-dev';
/** Retries in tens of milliseconds and a circuit that closes again quickly, so orders park and resume fast. */
const QUICK_WORKFLOW = {
  process: {
    workflow: { pollIntervalMs: 50, retryBaseDelayMs: 30, retryMaxDelayMs: 200, maxAttempts: 2 },
    circuitBreaker: { resetTimeoutMs: 300 },
  },
  platforms: { erp: { timeoutMs: 500, retries: 0 } },
};

/** A minute-by-minute hour in the activity contract's shape, with traffic in its last ten minutes. */
function activityFixture(now: number): Activity {
  const minute = 60_000;
  const start = Math.floor(now / minute) * minute - 59 * minute;
  const buckets = Array.from({ length: 60 }, (_, index) => {
    const busy = index >= 50;
    return {
      start: new Date(start + index * minute).toISOString(),
      requests: busy ? 40 + index : index % 7,
      serverErrors: busy && index % 3 === 0 ? 2 : 0,
      clientErrors: busy ? 1 : 0,
      latencyMs: busy ? { p50: 30 + index, p95: 120 + 4 * index } : { p50: null, p95: null },
      ordersReceived: busy ? 5 : 0,
      exceptionsOpened: index === 55 ? 3 : 0,
    };
  });
  return { from: buckets[0]!.start, to: new Date(start + 60 * minute).toISOString(), bucketSeconds: 60, buckets };
}

describe('portal operations page in a browser (e2e)', function () {
  this.timeout(90_000);
  let gateway: TestGateway | undefined;
  let session: BrowserSession | undefined;
  let page: Page;
  let erp: ErpSandboxControls;
  /** The parked orders: a hostile order number each, as a partner could send. */
  const parked: Array<{ id: string; orderNumber: string }> = [];
  const screenshot = (name: string, options: { fullPage?: boolean } = {}) => (session as BrowserSession).screenshot(name, options);

  const signIn = async (clientId: string) => {
    await page.locator('#client-id').fill(clientId);
    await page.locator('#client-secret').fill(DEV_CLIENT_SECRETS[clientId] as string);
    const token = page.waitForResponse((response) => response.url().endsWith('/oauth/token'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.equal((await token).status(), 200);
  };
  const exceptionRow = (orderId: string) => page.locator('#exceptions-table tbody tr').filter({ hasText: orderId });
  const refreshed = () => page.waitForResponse((response) => response.url().includes('/process/operations/v1/exceptions?'));

  before(async function () {
    skipWithoutChromium(this);
    gateway = await startTestGateway(QUICK_WORKFLOW);
    erp = new ErpSandboxControls(gateway.sandboxes.erp!);
    const crm = await gateway.as('internal-crm');
    await erp.faults({ failNext: 1000, failStatus: 500 });
    for (const tag of ['a', 'b']) {
      const orderNumber = `<img src=x onerror=alert(1)>${tag}${Date.now().toString(36).slice(-5)}`;
      const submitted = await crm.post('/process/orders/v2/orders').send(orderSubmission({ orderNumber })).expect(202);
      parked.push({ id: submitted.body.id as string, orderNumber });
    }
    for (const order of parked) await waitForOrder(crm, order.id, reached('EXCEPTION'));
    // The platform is back: a replay now gets through.
    await erp.clearFaults();
    session = await openBrowser('dg-operations-e2e-');
    page = session.page;
  });

  after(async () => {
    await session?.close('operations e2e');
    await gateway?.stop();
  });

  it('is linked from the portal index, and asks for client credentials', async () => {
    await page.goto(`${(gateway as TestGateway).url}/portal/`);
    await page.getByRole('link', { name: 'operations page' }).click();
    await page.waitForURL('**/portal/operations');
    await page.getByRole('heading', { name: 'Operations', exact: true }).waitFor({ state: 'visible' });
    assert.equal(await page.locator('#dashboard').isVisible(), false);
    await screenshot('sign-in');
  });

  it('tells a partner’s client it lacks operations.read, from the 403 problem', async () => {
    const kpis = page.waitForResponse((response) => response.url().includes('/process/operations/v1/kpis'));
    await signIn(PARTNER);
    assert.equal((await kpis).status(), 403);
    const problem = page.locator('#access-problem');
    await problem.waitFor({ state: 'visible' });
    assert.match(await problem.innerText(), /^Access denied: This operation needs the scope operations\.read\. Sign in with a client that holds operations\.read\./);
    assert.equal(await page.locator('#ops-content').isVisible(), false, 'nothing of the operations data shows');
    await screenshot('partner-forbidden');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#sign-in-form').waitFor({ state: 'visible' });
  });

  it('refuses a wrong secret with the token endpoint’s error', async () => {
    await page.locator('#client-id').fill(OPERATOR);
    await page.locator('#client-secret').fill('not-the-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-message').filter({ hasText: 'Sign-in refused (invalid_client)' }).waitFor({ state: 'visible' });
  });

  it('signs the operator in and shows the open exceptions, partner data as text', async () => {
    await signIn(OPERATOR);
    for (const order of parked) await exceptionRow(order.id).waitFor({ state: 'visible' });
    const row = exceptionRow(parked[0]!.id);
    const cells = await row.locator('td').allInnerTexts();
    assert.ok(cells[0]?.startsWith(parked[0]!.orderNumber), `the hostile order number is shown as typed: ${cells[0]}`);
    assert.equal(cells[1], 'initech');
    assert.equal(cells[2], 'validate');
    assert.match(cells[3] ?? '', /ERR_PLATFORM_/);
    assert.equal(cells[4], '2');
    assert.match(cells[5] ?? '', /^\d+ (s|min)$/);
    assert.equal(await page.locator('#exceptions-table img').count(), 0, 'no markup was built from the data');
    // KPIs and partner health from the same answers.
    assert.match(await page.locator('#kpi-cards').innerText(), /open exceptions/);
    const initech = page.locator('#partner-table tbody tr[data-partner="initech"]');
    await initech.waitFor({ state: 'visible' });
    assert.equal(await initech.locator('.status').innerText(), 'warn');
    assert.equal((await initech.locator('td').allInnerTexts())[3], '2', 'two open exceptions');
    assert.match(await page.locator('#circuit-table').innerText(), /ERP/);
    await screenshot('signed-in', { fullPage: true });
  });

  it('replays one exception with its button and shows the result', async () => {
    const [first] = parked;
    const replay = page.waitForResponse((response) => response.url().endsWith('/replay') && response.request().method() === 'POST');
    await exceptionRow(first!.id).getByRole('button', { name: 'Replay' }).click();
    assert.equal((await replay).status(), 202);
    const result = page.locator('#action-result');
    await result.waitFor({ state: 'visible' });
    assert.equal(await result.innerText(), `Replayed: order ${first!.orderNumber} (${first!.id}) runs step validate again.`);
    await exceptionRow(first!.id).waitFor({ state: 'detached' });
    await screenshot('replayed');
  });

  it('bulk-replays by filter after a confirmation, and shows how many', async () => {
    await page.locator('#bulk-step').selectOption('validate');
    await page.locator('#bulk-partner').fill('initech');
    const dialog = new Promise<string>((resolve) => {
      page.once('dialog', (confirm) => {
        resolve(confirm.message());
        void confirm.accept();
      });
    });
    const bulk = page.waitForResponse((response) => response.url().endsWith('/exceptions/replay'));
    await page.getByRole('button', { name: 'Replay matching…' }).click();
    assert.equal(await dialog, 'Replay the open exceptions matching: step validate, partner initech, at most 100?');
    const answered = await bulk;
    assert.equal(answered.status(), 202);
    assert.deepEqual(answered.request().postDataJSON(), { step: 'validate', partnerId: 'initech', limit: 100 });
    await page.locator('#action-result').filter({ hasText: 'Bulk replay (step validate, partner initech, at most 100): 1 replayed, 0 skipped.' }).waitFor({ state: 'visible' });
    await exceptionRow(parked[1]!.id).waitFor({ state: 'detached' });
    await page.locator('#exceptions-table tbody td.empty').filter({ hasText: 'No open exceptions.' }).waitFor({ state: 'visible' });
  });

  it('draws throughput, latency and exceptions charts from the activity contract’s shape', async () => {
    const fixture = activityFixture(Date.now());
    let served!: () => void;
    const fixtureServed = new Promise<void>((resolve) => (served = resolve));
    await page.route('**/process/operations/v1/activity?*', async (route) => {
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(fixture) });
      served();
    });
    try {
      // A click during the page's own refresh runs one more after it, so the fixture is read either way.
      await page.getByRole('button', { name: 'Refresh now' }).click();
      await fixtureServed;
      for (const name of ['throughput', 'latency', 'exceptions']) {
        await page.locator(`#chart-${name} svg.chart`).waitFor({ state: 'visible' });
      }
      // Drawn from the fixture (the page's earlier charts came from the gateway's own, sparser activity).
      await page.locator('#chart-latency svg circle.point').nth(19).waitFor({ state: 'attached' });
      // Throughput: 60 requests and 60 orders-received points; latency: p50 and p95 for the ten busy minutes only.
      assert.equal(await page.locator('#chart-throughput svg circle.point').count(), 120);
      assert.equal(await page.locator('#chart-latency svg circle.point').count(), 20);
      assert.equal(await page.locator('#chart-exceptions svg rect.point').count(), 120);
      const p95 = page.locator('#chart-latency [data-series="p95"] circle.point').last();
      assert.equal(await p95.getAttribute('data-value'), String(120 + 4 * 59));
      assert.equal(await page.locator('#activity-message').isVisible(), false);
      await page.locator('#charts').scrollIntoViewIfNeeded();
      await screenshot('charts-contract-shape');
    } finally {
      await page.unroute('**/process/operations/v1/activity?*');
    }
  });

  it('reads again when Refresh now is clicked while a refresh is still running (not the running one’s older data)', async () => {
    let seen = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/process/operations/v1/activity?*', async (route) => {
      seen += 1;
      if (seen === 1) await held; // the first refresh stays running until the second click
      await route.continue();
    });
    try {
      const activityRequest = () => page.waitForRequest((request) => request.url().includes('/process/operations/v1/activity?'), { timeout: 10_000 });
      const first = activityRequest();
      await page.getByRole('button', { name: 'Refresh now' }).click();
      await first;
      const second = activityRequest();
      await page.getByRole('button', { name: 'Refresh now' }).click();
      release();
      // Before: the click joined the running refresh, so no second read was made and this timed out.
      await assert.doesNotReject(second, 'the click during a running refresh made a read of its own');
    } finally {
      release();
      await page.unroute('**/process/operations/v1/activity?*');
    }
  });

  it('says "activity not available" when the activity operation answers 404', async () => {
    await page.route('**/process/operations/v1/activity?*', (route) =>
      route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Not Found', status: 404, code: 'ERR_NOT_FOUND' }) }),
    );
    try {
      const answered = refreshed();
      await page.getByRole('button', { name: 'Refresh now' }).click();
      await answered;
      await page.locator('#activity-message').filter({ hasText: /^Activity not available/ }).waitFor({ state: 'visible' });
      assert.equal(await page.locator('#charts').isVisible(), false);
      assert.equal(await page.locator('#exceptions-table').isVisible(), true, 'the rest of the page still shows');
    } finally {
      await page.unroute('**/process/operations/v1/activity?*');
    }
  });

  it('draws the charts from the gateway’s own GET /process/operations/v1/activity', async () => {
    const activity = page.waitForResponse((response) => response.url().includes('/process/operations/v1/activity?minutes=60'));
    await page.getByRole('button', { name: 'Refresh now' }).click();
    const answered = await activity;
    assert.equal(answered.status(), 200, 'GET /process/operations/v1/activity is served (the operations API v1 activity operation)');
    const body = (await answered.json()) as Activity;
    assert.equal(body.bucketSeconds, 60);
    await page.locator('#chart-throughput svg.chart').waitFor({ state: 'visible' });
    const points = Number(await page.locator('#chart-throughput svg.chart').getAttribute('data-points'));
    assert.ok(points > 0, 'this test’s own traffic shows as throughput');
    assert.ok((await page.locator('#chart-throughput svg circle.point').count()) > 0);
    await screenshot('charts-live', { fullPage: true });
  });

  it('kept the token in memory only, loaded nothing from elsewhere, and no script failed', async () => {
    // Run in the page (the tests compile without the DOM's types, hence the text).
    const storage = await page.evaluate('({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie, url: location.href })');
    assert.deepEqual(storage, { local: 0, session: 0, cookie: '', url: `${(gateway as TestGateway).url}/portal/operations` });
    const origin = (gateway as TestGateway).url;
    const { requested, pageErrors } = session as BrowserSession;
    assert.deepEqual(requested.filter((url) => !url.startsWith(`${origin}/`)), []);
    assert.ok(requested.every((url) => !/access_token|eyJ/.test(url)), 'no token in any URL');
    assert.deepEqual(pageErrors, []);
  });
});
