import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { loadCatalog } from '../../../openapi/catalog';
import { createPortalRouter, PORTAL_PATH } from '../../../openapi/portal';
import { OPERATIONS_ASSETS } from '../../../openapi/portal/operations-page';
import { createSecurityHeaders, DEFAULTS } from '../../../policies/security-headers';
import { cspHash, portalInlineStyles } from '../../../policies/security-headers/portal-styles';

/** The portal behind the security-headers policy, as the gateway mounts it. */
function portalApp(tokenUrl?: string): express.Express {
  const app = express();
  app.use(createSecurityHeaders({ hsts: { ...DEFAULTS.hsts }, portalPath: PORTAL_PATH, ...(tokenUrl ? { tokenUrl } : {}) }));
  app.use(PORTAL_PATH, createPortalRouter(loadCatalog(), tokenUrl ? { tokenUrl } : {}));
  return app;
}

/** The CSP's directives by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name ?? '', values]));
}

describe('portal: operations page route', () => {
  const app = portalApp();

  it('serves the page under the portal’s strict CSP: scripts only as files from self, styles by hash, no unsafe-*', async () => {
    const page = await request(app).get('/portal/operations').expect(200).expect('content-type', /text\/html/);
    const csp = page.headers['content-security-policy'] ?? '';
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes/);
    const policy = directives(csp);
    assert.deepEqual(policy.get('script-src'), ["'self'"]);
    assert.deepEqual(policy.get('connect-src'), ["'self'"]);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    // Every inline <style> of the page is one the CSP allows by hash; no inline script, no handler, no style attribute.
    const styles = [...page.text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
    assert.ok(styles.length > 0);
    for (const style of styles) assert.ok(policy.get('style-src')?.includes(cspHash(style)), 'the inline style is allowed by its hash');
    assert.ok(styles.every((style) => portalInlineStyles().includes(style)));
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.deepEqual(
      scripts.map((match) => match[1]),
      [' src="/portal/operations/charts.js"', ' src="/portal/operations/view-model.js"', ' src="/portal/operations/operations.js"'],
    );
    assert.ok(scripts.every((match) => match[2] === ''), 'no inline script');
    assert.doesNotMatch(page.text, /\son[a-z]+=|\sstyle=|javascript:/i);
    assert.match(page.text, /<form id="sign-in-form" data-token-url="\/oauth\/token"/);
    assert.match(page.text, /<link rel="stylesheet" href="\/portal\/operations\/operations.css">/);
    assert.match(page.text, /<a href="\/portal\/">All APIs<\/a>/);
  });

  it('serves the page’s scripts and stylesheet with their types, nosniff and the same CSP', async () => {
    for (const [name, type] of Object.entries(OPERATIONS_ASSETS)) {
      const asset = await request(app).get(`/portal/operations/${name}`).expect(200);
      assert.equal(asset.headers['content-type'], type, name);
      assert.equal(asset.headers['x-content-type-options'], 'nosniff', name);
      assert.match(asset.headers['content-security-policy'] ?? '', /script-src 'self'/, name);
      assert.ok(asset.text.length > 500, name);
    }
    await request(app).get('/portal/operations/package.json').expect(404);
    await request(app).get('/portal/operations/charts.d.ts').expect(404);
    await request(app).get('/portal/operations/..%2fhtml.ts').expect(404);
  });

  it('keeps the page’s scripts free of innerHTML, eval and browser storage', async () => {
    for (const name of ['charts.js', 'view-model.js', 'operations.js']) {
      const { text } = await request(app).get(`/portal/operations/${name}`).expect(200);
      assert.doesNotMatch(text, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|localStorage|sessionStorage|document\.cookie|setAttribute\('style'|\.style\./, name);
    }
  });

  it('links the page from the portal index', async () => {
    const index = await request(app).get('/portal/').expect(200);
    assert.match(index.text, /<a href="\/portal\/operations">operations page<\/a>/);
  });

  it('signs in at the external token endpoint when one is configured, which the CSP then allows', async () => {
    const tokenUrl = 'https://idp.example.com/oauth2/token';
    const page = await request(portalApp(tokenUrl)).get('/portal/operations').expect(200);
    assert.match(page.text, /data-token-url="https:\/\/idp.example.com\/oauth2\/token"/);
    assert.deepEqual(directives(page.headers['content-security-policy'] ?? '').get('connect-src'), ["'self'", tokenUrl]);
  });
});
