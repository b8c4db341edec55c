/**
 * The developer portal: an index of every API version grouped by tier, one Swagger UI page per version with
 * try-it against this gateway, the catalog as JSON, the committed specs, and the list of problem codes.
 * It reads only the catalog and the committed specs, so what it shows is what the gateway serves.
 */
import express, { type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { PROBLEM_CODES } from '../../gateway/errors';
import { TIERS, loadSpec, type CatalogEntry } from '../catalog';
import { escapeHtml, page } from './html';

export interface PortalCatalogEntry {
  id: string;
  tier: CatalogEntry['tier'];
  api: string;
  version: number;
  title: string;
  description: string;
  status: CatalogEntry['status'];
  releasedOn: string;
  deprecatedOn?: string;
  sunsetOn?: string;
  successor?: number;
  basePath: string;
  specUrl: string;
  docsUrl: string;
}

export const PORTAL_PATH = '/portal';

export function portalEntry(entry: CatalogEntry): PortalCatalogEntry {
  return {
    id: entry.id,
    tier: entry.tier,
    api: entry.api,
    version: entry.version,
    title: entry.title,
    description: entry.description,
    status: entry.status,
    releasedOn: entry.releasedOn,
    ...(entry.deprecatedOn ? { deprecatedOn: entry.deprecatedOn } : {}),
    ...(entry.sunsetOn ? { sunsetOn: entry.sunsetOn } : {}),
    ...(entry.successor !== undefined ? { successor: entry.successor } : {}),
    basePath: entry.basePath,
    specUrl: `${PORTAL_PATH}/specs/${entry.id}.json`,
    docsUrl: `${PORTAL_PATH}/${entry.id}/`,
  };
}

const TIER_BLURB: Record<CatalogEntry['tier'], string> = {
  partner: 'Experience APIs for each channel: customer developers, EDI trading partners and marketplaces.',
  process: 'Order-to-cash workflows in the canonical model, for internal apps and the partner tier.',
  system: 'Stable contracts over the ERP and the WMS. Nothing else talks to a platform directly.',
};

function renderIndex(entries: PortalCatalogEntry[]): string {
  const sections = [...TIERS]
    .reverse()
    .map((tier) => {
      const rows = entries
        .filter((entry) => entry.tier === tier)
        .map(
          (entry) => `<tr>
  <td><a href="${escapeHtml(entry.docsUrl)}">${escapeHtml(entry.title)}</a><div class="muted">${escapeHtml(entry.description)}</div></td>
  <td><code>${escapeHtml(entry.basePath)}</code></td>
  <td>v${entry.version}</td>
  <td><span class="badge badge-${entry.status}">${entry.status}</span></td>
  <td>${escapeHtml(entry.releasedOn)}${entry.sunsetOn ? `<div class="muted">sunset ${escapeHtml(entry.sunsetOn)}</div>` : ''}</td>
  <td><a href="${escapeHtml(entry.specUrl)}">openapi.json</a></td>
</tr>`,
        )
        .join('\n');
      return `<section><h2>${tier} APIs</h2><p class="muted">${escapeHtml(TIER_BLURB[tier])}</p>
<table><thead><tr><th>API</th><th>Base path</th><th>Version</th><th>Status</th><th>Released</th><th>Contract</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6" class="muted">none yet</td></tr>'}</tbody></table></section>`;
    })
    .join('\n');
  return page(
    'distribution-gateway developer portal',
    `<h1>distribution-gateway developer portal</h1>
<p>Every contract below is generated from the code that serves it. Open an API to read it and try it against this
gateway. The machine-readable catalog is at <a href="${PORTAL_PATH}/catalog.json">${PORTAL_PATH}/catalog.json</a>;
error responses are RFC 9457 problems, listed under <a href="${PORTAL_PATH}/problems">problem types</a>.</p>
${sections}`,
  );
}

function renderProblems(): string {
  const rows = Object.entries(PROBLEM_CODES)
    .map(([code, info]) => `<tr id="${code}"><td><code>${code}</code></td><td>${info.status}</td><td>${escapeHtml(info.title)}</td></tr>`)
    .join('\n');
  return page(
    'Problem types',
    `<h1>Problem types</h1>
<p>Every error is an <code>application/problem+json</code> body (RFC 9457) with <code>type</code>, <code>title</code>,
<code>status</code>, <code>detail</code>, <code>instance</code>, a stable <code>code</code> from this list and the
<code>requestId</code> to quote to support. Validation problems list the failing fields in <code>errors</code>.</p>
<table><thead><tr><th>code</th><th>status</th><th>title</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export function createPortalRouter(catalog: readonly CatalogEntry[]): Router {
  const router = express.Router({ strict: true });
  const entries = catalog.map(portalEntry);
  const indexHtml = renderIndex(entries);
  const problemsHtml = renderProblems();

  router.get('/', (_request, response) => {
    response.type('html').send(indexHtml);
  });
  router.get('/catalog.json', (_request, response) => {
    response.json({ apis: entries });
  });
  router.get('/problems', (_request, response) => {
    response.type('html').send(problemsHtml);
  });

  for (const entry of catalog) {
    const spec = loadSpec(entry);
    const info = portalEntry(entry);
    router.get(`/specs/${entry.id}.json`, (_request, response) => {
      response.json(spec);
    });
    // Swagger UI's page loads its assets relative to itself, so the page lives at a path ending in '/'.
    router.get(`/${entry.id}`, (_request, response) => {
      response.redirect(301, info.docsUrl);
    });
    router.use(
      `/${entry.id}`,
      swaggerUi.serveFiles(spec, { swaggerOptions: { tryItOutEnabled: true, displayRequestDuration: true } }),
    );
    router.get(
      `/${entry.id}/`,
      swaggerUi.setup(spec, { customSiteTitle: `${entry.title} v${entry.version}`, swaggerOptions: { tryItOutEnabled: true } }),
    );
  }
  return router;
}
