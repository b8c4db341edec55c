/**
 * The developer portal: an index of every API version grouped by tier, one Swagger UI page per version with
 * try-it against this gateway, a changelog per API, the catalog as JSON, the committed specs as JSON and YAML, and
 * the list of problem codes. It reads only the catalog, the committed specs and the released baselines, so what it
 * shows is what the gateway serves. It answers only the routes it builds from the catalog: no path of a request
 * ever names a file.
 */
import express, { type Router } from 'express';
import { stringify as stringifyYaml } from 'yaml';
import { PROBLEM_CODES } from '../../gateway/errors';
import { TIERS, loadSpec, successorOf, versionsOf, type Brownout, type CatalogEntry } from '../catalog';
import { changelogPage } from './changelog-page';
import { docsPage, swaggerAssetHandlers, swaggerInitScript } from './docs-page';
import { escapeHtml, page } from './html';
import { addOperationsPage } from './operations-page';

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
  migrationNote?: string;
  brownouts?: Brownout[];
  basePath: string;
  /** The committed spec as JSON... */
  specUrl: string;
  /** ...and as YAML. */
  specYamlUrl: string;
  docsUrl: string;
  /** What changed between the API's versions and releases (one page per API, shared by its versions). */
  changelogUrl: string;
}

export const PORTAL_PATH = '/portal';

/** `/portal/partner/customers/changelog`: one per API, whatever its versions. */
function changelogUrl(entry: Pick<CatalogEntry, 'tier' | 'api'>): string {
  return `${PORTAL_PATH}/${entry.tier}/${entry.api}/changelog`;
}

/** A download file name for a spec: `partner-customers-v2.yaml`. */
function downloadName(entry: PortalCatalogEntry, extension: 'json' | 'yaml'): string {
  return `${entry.id.replace(/\//g, '-')}.${extension}`;
}

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
    ...(entry.migrationNote ? { migrationNote: entry.migrationNote } : {}),
    ...(entry.brownouts?.length ? { brownouts: entry.brownouts.map((brownout) => ({ ...brownout })) } : {}),
    basePath: entry.basePath,
    specUrl: `${PORTAL_PATH}/specs/${entry.id}.json`,
    specYamlUrl: `${PORTAL_PATH}/specs/${entry.id}.yaml`,
    docsUrl: `${PORTAL_PATH}/${entry.id}/`,
    changelogUrl: changelogUrl(entry),
  };
}

const TIER_BLURB: Record<CatalogEntry['tier'], string> = {
  partner: 'Experience APIs for each channel: customer developers, EDI trading partners and marketplaces.',
  process: 'Order-to-cash workflows in the canonical model, for internal apps and the partner tier.',
  system: 'Stable contracts over the ERP and the WMS. Nothing else talks to a platform directly.',
};

/** The status cell of the index: the badge, since when, and where to go instead. */
function statusCell(entry: PortalCatalogEntry, entries: readonly PortalCatalogEntry[]): string {
  const badge = `<span class="badge badge-${entry.status}">${entry.status}</span>`;
  if (entry.status === 'active') return badge;
  const successor = entries.find((candidate) => candidate.tier === entry.tier && candidate.api === entry.api && candidate.version === entry.successor);
  return [
    `<a href="${escapeHtml(entry.docsUrl)}#deprecation">${badge}</a>`,
    entry.deprecatedOn ? `<div class="muted nowrap">since ${escapeHtml(entry.deprecatedOn)}</div>` : '',
    entry.sunsetOn ? `<div class="muted nowrap">sunset ${escapeHtml(entry.sunsetOn)}</div>` : '',
    successor ? `<div class="muted nowrap">successor <a href="${escapeHtml(successor.docsUrl)}">v${successor.version}</a></div>` : '',
  ].join('');
}

/**
 * The notice at the top of a deprecated or retired version's page: since when, the sunset, the successor, the
 * migration note and the brownouts. Its id is the target of the `rel="deprecation"` link the lifecycle policy sends.
 */
export function deprecationBanner(entry: CatalogEntry, successor: CatalogEntry | undefined): string {
  if (entry.status === 'active') return '';
  const retired = entry.status === 'retired';
  const lines = [
    retired
      ? `<strong>Retired.</strong> ${escapeHtml(entry.title)} v${entry.version} is no longer served${entry.sunsetOn ? ` since ${escapeHtml(entry.sunsetOn)}` : ''}: calls answer 410 Gone.`
      : `<strong>Deprecated</strong>${entry.deprecatedOn ? ` since ${escapeHtml(entry.deprecatedOn)}` : ''}.` +
        (entry.sunsetOn ? ` Sunset ${escapeHtml(entry.sunsetOn)}: from then on, calls answer 410 Gone.` : ' No sunset is set yet.'),
    successor
      ? `Successor: <a href="${escapeHtml(`${PORTAL_PATH}/${successor.id}/`)}">${escapeHtml(successor.title)} v${successor.version}</a> at <code>${escapeHtml(successor.basePath)}</code>.`
      : '',
  ];
  // The note is plain text; `backticks` mark code, as in the catalog's other prose.
  const note = entry.migrationNote ? `<p class="lifecycle-note">${escapeHtml(entry.migrationNote).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>` : '';
  const brownouts = entry.brownouts?.length
    ? `<p>Scheduled brownouts, in which calls already answer 410 Gone:</p><ul>${entry.brownouts
        .map((brownout) => `<li>${escapeHtml(brownout.start)} to ${escapeHtml(brownout.end)}${brownout.note ? `: ${escapeHtml(brownout.note)}` : ''}</li>`)
        .join('')}</ul>`
    : '';
  return `<div id="deprecation" class="lifecycle-banner lifecycle-${entry.status}" role="note"><p>${lines.filter(Boolean).join(' ')}</p>${note}${brownouts}</div>`;
}

/** The bar above a version's Swagger UI: back to the index, the API's other versions, its changelog, its contracts. */
function docsNav(entry: PortalCatalogEntry, entries: readonly PortalCatalogEntry[]): string {
  const versions = entries
    .filter((candidate) => candidate.tier === entry.tier && candidate.api === entry.api)
    .sort((a, b) => a.version - b.version)
    .map((candidate) =>
      candidate.version === entry.version
        ? `<span class="current">v${candidate.version}</span>`
        : `<a href="${escapeHtml(candidate.docsUrl)}">v${candidate.version}</a>`,
    )
    .join(' ');
  return `<nav class="portal-nav"><a href="${PORTAL_PATH}/">All APIs</a> · ${escapeHtml(`${entry.tier}/${entry.api}`)} ${versions} · <a class="changelog-link" href="${escapeHtml(entry.changelogUrl)}">Changelog</a> · Contract: ${specLinks(entry)}</nav>`;
}

/** The spec's download links: JSON and YAML. */
function specLinks(entry: PortalCatalogEntry): string {
  return (
    `<a href="${escapeHtml(entry.specUrl)}" download="${escapeHtml(downloadName(entry, 'json'))}">openapi.json</a> ` +
    `<a href="${escapeHtml(entry.specYamlUrl)}" download="${escapeHtml(downloadName(entry, 'yaml'))}">openapi.yaml</a>`
  );
}

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
  <td>${statusCell(entry, entries)}</td>
  <td class="nowrap">${escapeHtml(entry.releasedOn)}</td>
  <td class="nowrap">${specLinks(entry)}<div><a href="${escapeHtml(entry.changelogUrl)}">changelog</a></div></td>
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
<p>Operators and integration architects: the <a href="${PORTAL_PATH}/operations">operations page</a> shows orders in
trouble, the exceptions queue with replay, KPIs and each partner's health.</p>
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

/** `fn()`, computed on first use and kept: for pages the portal builds only when someone asks. */
function once<T>(fn: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: fn() }).v;
}

export interface PortalOptions {
  /**
   * The token endpoint try-it should use, when it is not the built-in server's relative `/oauth/token` that the
   * committed specs name (an external identity provider's). The served specs then carry this URL.
   */
  tokenUrl?: string;
}

/** The spec as the portal publishes it: the committed one, with the deployment's token endpoint when it differs. */
export function publishedSpec(spec: Record<string, unknown>, options: PortalOptions): Record<string, unknown> {
  if (!options.tokenUrl) return spec;
  const copy = structuredClone(spec) as { components?: { securitySchemes?: Record<string, { flows?: { clientCredentials?: { tokenUrl: string } } }> } };
  for (const scheme of Object.values(copy.components?.securitySchemes ?? {})) {
    if (scheme.flows?.clientCredentials) scheme.flows.clientCredentials.tokenUrl = options.tokenUrl;
  }
  return copy as Record<string, unknown>;
}

export function createPortalRouter(catalog: readonly CatalogEntry[], options: PortalOptions = {}): Router {
  const router = express.Router({ strict: true });
  const entries = catalog.map(portalEntry);
  const indexHtml = renderIndex(entries);
  const problemsHtml = renderProblems();
  const assets = swaggerAssetHandlers();

  router.get('/', (_request, response) => {
    response.type('html').send(indexHtml);
  });
  router.get('/catalog.json', (_request, response) => {
    response.json({ apis: entries });
  });
  router.get('/problems', (_request, response) => {
    response.type('html').send(problemsHtml);
  });
  addOperationsPage(router, PORTAL_PATH, options.tokenUrl);

  for (const entry of catalog) {
    const spec = publishedSpec(loadSpec(entry), options);
    const info = portalEntry(entry);
    const docsHtml = docsPage(`${entry.title} v${entry.version}`, docsNav(info, entries), deprecationBanner(entry, successorOf(catalog, entry)));
    const initScript = swaggerInitScript(spec);
    const yaml = once(() => stringifyYaml(spec, { aliasDuplicateObjects: false, lineWidth: 0 }));
    router.get(`/specs/${entry.id}.json`, (_request, response) => {
      response.json(spec);
    });
    router.get(`/specs/${entry.id}.yaml`, (_request, response) => {
      response.type('application/yaml').send(yaml());
    });
    // Swagger UI's page loads its assets relative to itself, so the page lives at a path ending in '/'.
    router.get(`/${entry.id}`, (_request, response) => {
      response.redirect(301, info.docsUrl);
    });
    router.get(`/${entry.id}/`, (_request, response) => {
      response.type('html').send(docsHtml);
    });
    router.get(`/${entry.id}/swagger-ui-init.js`, (_request, response) => {
      response.type('application/javascript').send(initScript);
    });
    for (const [name, handler] of assets) router.get(`/${entry.id}/${name}`, handler);
  }

  // One changelog per API, built on first request (it diffs every consecutive pair of versions and releases).
  const apis = new Map(catalog.map((entry) => [`${entry.tier}/${entry.api}`, entry]));
  for (const entry of apis.values()) {
    const html = once(() => changelogPage(versionsOf(catalog, entry.tier, entry.api), PORTAL_PATH));
    router.get(changelogUrl(entry).slice(PORTAL_PATH.length), (_request, response) => {
      response.type('html').send(html());
    });
  }
  return router;
}
