/**
 * The portal's operations page (`/portal/operations`), for integration architects and operators: sign in with a
 * client that holds operations.read (operations.write to replay), then the transactions in trouble, the KPIs, each
 * partner's health and the last hour's activity as charts, refreshed every 15 s. The page is static markup; its
 * scripts (served from a fixed list of files, like Swagger UI's assets) fetch the data and build every element with
 * textContent, so the portal's CSP (scripts from 'self', no inline script, inline styles by hash only) holds.
 */
import path from 'node:path';
import type { Router } from 'express';
import { TOKEN_PATH } from '../../gateway/auth/authorization-server';
import { PROJECT_ROOT } from '../catalog';
import { fixedFileHandlers } from './fixed-files';
import { escapeHtml, page } from './html';

/** Where the page is, under the portal. */
export const OPERATIONS_PAGE = '/operations';

/** The page's files, served under `<portal>/operations/` by name: browser JavaScript as written, and its styles. */
export const OPERATIONS_ASSETS: Readonly<Record<string, string>> = Object.freeze({
  'charts.js': 'application/javascript; charset=utf-8',
  'view-model.js': 'application/javascript; charset=utf-8',
  'operations.js': 'application/javascript; charset=utf-8',
  'operations.css': 'text/css; charset=utf-8',
});

/** The folder holding {@link OPERATIONS_ASSETS}, from the project root (the same in a checkout and under dist/). */
const ASSETS_FOLDER = path.join(PROJECT_ROOT, 'openapi', 'portal', 'operations');

const WORKFLOW_STEPS = ['validate', 'price', 'allocate', 'post', 'acknowledge', 'release', 'ship', 'invoice'];

/** The page: `portalPath` is where the portal is mounted, `tokenUrl` the token endpoint the sign-in form calls. */
export function operationsPage(portalPath: string, tokenUrl: string): string {
  const assets = `${portalPath}${OPERATIONS_PAGE}`;
  const steps = WORKFLOW_STEPS.map((step) => `<option value="${step}">${step}</option>`).join('');
  return page(
    'Operations: distribution-gateway',
    `<link rel="stylesheet" href="${escapeHtml(assets)}/operations.css">
<nav><a href="${escapeHtml(portalPath)}/">All APIs</a> · Operations</nav>
<h1>Operations</h1>
<p class="muted">For integration architects and operators: orders in trouble, the exceptions queue with replay, overdue
partner documents, KPIs, each partner's health and the last hour's activity. Sign in with a client that holds
<code>operations.read</code> (<code>operations.write</code> to replay, <code>process.orders.read</code> for delayed orders).
The token stays in this tab's memory only.</p>
<section id="sign-in" class="ops-panel">
<form id="sign-in-form" data-token-url="${escapeHtml(tokenUrl)}" autocomplete="off">
<label>Client id <input id="client-id" name="client_id" required autocomplete="off" spellcheck="false"></label>
<label>Client secret <input id="client-secret" name="client_secret" type="password" required autocomplete="off"></label>
<button type="submit" id="sign-in-button">Sign in</button>
</form>
<p id="sign-in-message" class="ops-message" role="alert"></p>
</section>
<section id="dashboard" hidden>
<div class="ops-toolbar"><span>Signed in as <strong id="signed-in-as"></strong></span>
<span class="muted" id="last-refresh"></span>
<button type="button" id="refresh-button">Refresh now</button>
<button type="button" id="sign-out-button">Sign out</button></div>
<p id="access-problem" class="ops-message ops-error" role="alert" hidden></p>
<p id="action-result" class="ops-message" role="status" hidden></p>
<div id="ops-content">
<h2>Activity, last hour <span class="muted">(per minute, times in UTC)</span></h2>
<p id="activity-message" class="muted" hidden></p>
<div id="charts" class="ops-charts">
<figure id="chart-throughput"><figcaption>Throughput</figcaption></figure>
<figure id="chart-latency"><figcaption>Latency p50 / p95 (ms)</figcaption></figure>
<figure id="chart-exceptions"><figcaption>Exceptions opened and 5xx</figcaption></figure>
</div>
<h2>Transactions in trouble</h2>
<h3>Open exceptions <span class="muted" id="exceptions-count"></span></h3>
<form id="bulk-replay-form" class="ops-filter">
<label>Step <select id="bulk-step"><option value="">any</option>${steps}</select></label>
<label>Partner <input id="bulk-partner" placeholder="any" pattern="[a-z0-9][a-z0-9-]{0,63}" spellcheck="false"></label>
<label>At most <input id="bulk-limit" type="number" min="1" max="500" value="100"></label>
<button type="submit" id="bulk-replay-button">Replay matching…</button>
</form>
<table id="exceptions-table"><thead><tr><th>Order</th><th>Partner</th><th>Step</th><th>Reason</th><th>Attempts</th><th>Age</th><th></th></tr></thead><tbody></tbody></table>
<h3>Delayed orders <span class="muted" id="delayed-count"></span></h3>
<p id="delayed-message" class="muted" hidden></p>
<table id="delayed-table"><thead><tr><th>Order</th><th>Partner</th><th>Status</th><th>Received</th><th>Age</th></tr></thead><tbody></tbody></table>
<h3>Overdue outbound documents</h3>
<table id="overdue-table"><thead><tr><th>Channel</th><th>Partner</th><th>Documents awaiting acknowledgement</th></tr></thead><tbody></tbody></table>
<h2>KPIs <span class="muted" id="kpi-window"></span></h2>
<div id="kpi-cards" class="ops-cards"></div>
<div class="ops-columns">
<div><h3>Orders per status</h3><table id="status-table"><thead><tr><th>Status</th><th>Orders</th></tr></thead><tbody></tbody></table></div>
<div><h3>Circuits</h3><table id="circuit-table"><thead><tr><th>Platform</th><th>Circuit</th><th>Openings</th></tr></thead><tbody></tbody></table></div>
<div><h3>Workflow queue</h3><table id="queue-table"><thead><tr><th>Queue</th><th>Messages</th></tr></thead><tbody></tbody></table></div>
</div>
<h2>Partner health</h2>
<table id="partner-table"><thead><tr><th>Status</th><th>Partner</th><th>Orders</th><th>Open exceptions</th><th>Validation failures</th><th>Overdue documents</th></tr></thead><tbody></tbody></table>
</div>
</section>
<script src="${escapeHtml(assets)}/charts.js"></script>
<script src="${escapeHtml(assets)}/view-model.js"></script>
<script src="${escapeHtml(assets)}/operations.js"></script>`,
  );
}

/** Adds the page and its files to the portal's router; `tokenUrl` is an external token endpoint, if any. */
export function addOperationsPage(router: Router, portalPath: string, tokenUrl: string | undefined): void {
  const html = operationsPage(portalPath, tokenUrl ?? TOKEN_PATH);
  router.get(OPERATIONS_PAGE, (_request, response) => {
    response.type('html').send(html);
  });
  // Not cached: the page's scripts change with the gateway, and they are small.
  for (const [name, handler] of fixedFileHandlers(ASSETS_FOLDER, OPERATIONS_ASSETS, 0)) router.get(`${OPERATIONS_PAGE}/${name}`, handler);
}
