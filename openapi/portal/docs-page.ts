/**
 * One API version's Swagger UI page: the page itself, its init script (the version's spec and the UI's options),
 * and the few swagger-ui-dist files it loads, served by name from a fixed list (no static folder, so nothing else
 * on disk is reachable through the portal). Try-it calls and the Authorize dialog's token request go to this
 * gateway: the spec's `servers` URL and its `tokenUrl` are relative, so the browser resolves them against the page.
 */
import path from 'node:path';
import type { RequestHandler } from 'express';
import { fixedFileHandlers } from './fixed-files';
import { BANNER_CSS, escapeHtml } from './html';

/** The swagger-ui-dist package's folder, found from swagger-ui-express (which depends on it) wherever npm put it. */
function swaggerUiDistFolder(): string {
  const express = path.dirname(require.resolve('swagger-ui-express'));
  return path.dirname(require.resolve('swagger-ui-dist/package.json', { paths: [express] }));
}

/** Every swagger-ui-dist file the page loads: the name it is asked for under the page's folder, and its type. */
export const SWAGGER_ASSETS: Readonly<Record<string, string>> = Object.freeze({
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
});

/** A handler per asset name, each sending one fixed file of swagger-ui-dist. */
export function swaggerAssetHandlers(): Array<[name: string, handler: RequestHandler]> {
  return fixedFileHandlers(swaggerUiDistFolder(), SWAGGER_ASSETS, '1h');
}

/**
 * The options the page hands Swagger UI. Nothing in them stands between the page and the gateway: try-it is on for
 * every method, the token the Authorize dialog obtains is kept for the page's life (not in localStorage:
 * `persistAuthorization` stays off, so a token never outlives the tab), and no request leaves for an online
 * validator (the portal must work offline).
 */
export const SWAGGER_UI_OPTIONS = Object.freeze({
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  persistAuthorization: false,
  validatorUrl: null,
});

/** The page's init script: the version's spec, embedded, and {@link SWAGGER_UI_OPTIONS}. */
export function swaggerInitScript(spec: Record<string, unknown>): string {
  const options = JSON.stringify({ ...SWAGGER_UI_OPTIONS, spec }, null, 2);
  return `var options = ${options};
options.presets = [SwaggerUIBundle.presets.apis];
options.layout = 'BaseLayout';
window.ui = SwaggerUIBundle(options);
`;
}

/** The element Swagger UI renders into; the portal's navigation and the deprecation banner go just before it. */
export const SWAGGER_ROOT = '<div id="swagger-ui"></div>';

/** The page frame's own styles, the navigation bar's and the deprecation banner's. */
export const DOCS_CSS = `
html { box-sizing: border-box; overflow-y: scroll; } *, *:before, *:after { box-sizing: inherit; } body { margin: 0; background: #fafafa; }
.portal-nav { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1460px; margin: 0 auto; padding: .75rem 1.25rem 0; font-size: .9rem; color: #5c6475; }
.portal-nav a { color: #1d4ed8; } .portal-nav .current { font-weight: 600; color: #1d2330; }
${BANNER_CSS}`;

/** The page: `nav` and `banner` are HTML the portal built (escaped there); Swagger UI loads relative to the page. */
export function docsPage(title: string, nav: string, banner: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" type="text/css" href="./swagger-ui.css">
<link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32"><link rel="icon" type="image/png" href="./favicon-16x16.png" sizes="16x16">
<style>${DOCS_CSS}</style></head>
<body>
${nav}
${banner ? `${banner}\n` : ''}${SWAGGER_ROOT}
<script src="./swagger-ui-bundle.js"></script>
<script src="./swagger-ui-init.js"></script>
</body></html>`;
}
