import assert from 'node:assert/strict';
import http from 'node:http';
import express from 'express';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { loadCatalog, loadSpec } from '../../../openapi/catalog';
import { createPortalRouter, PORTAL_PATH } from '../../../openapi/portal';
import { SWAGGER_ASSETS } from '../../../openapi/portal/docs-page';
import { OPERATIONS_ASSETS } from '../../../openapi/portal/operations-page';
import { startTestGateway, type TestGateway } from '../../support/gateway';

/** A GET with the path sent byte for byte as written: no client normalises `..`, `%2e` or `\` away. */
function rawGet(base: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: hostname, port, method: 'GET', path: rawPath }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** What a file outside the portal's routes would show: the project's package.json, a package's, /etc/passwd. */
const LEAKS = [/"name":\s*"distribution-gateway"/, /"name":\s*"swagger-ui-(dist|express)"/, /root:.*:0:0:/, /"devDependencies"/, /petstore/i];

const TRAVERSALS = [
  // specs
  '/portal/specs/..%2f..%2fpackage.json',
  '/portal/specs/..%2F..%2F..%2Fpackage.json',
  '/portal/specs/%2e%2e/%2e%2e/package.json',
  '/portal/specs/system/erp/v1.json/../../../../package.json',
  '/portal/specs/system/erp/v1.json%2f..%2f..%2f..%2f..%2fpackage.json',
  '/portal/specs/..\\..\\package.json',
  '/portal/specs/system/erp/v1/..%2f..%2f..%2f..%2fpackage.json',
  // the portal itself
  '/portal/../package.json',
  '/portal/%2e%2e/package.json',
  '/portal/%2E%2E%2Fpackage.json',
  '/portal/.%2e/.%2e/package.json',
  '/portal/%252e%252e%252fpackage.json',
  '/portal/..\\package.json',
  '/portal/..%5c..%5cpackage.json',
  '/portal/%c0%ae%c0%ae/package.json',
  '/portal/..;/package.json',
  '/portal/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/portal//etc/passwd',
  '/portal/package.json',
  '/portal/openapi/catalog.yaml',
  // a version's page and its Swagger UI assets
  '/portal/system/erp/v1/..%2F..%2F..%2Fpackage.json',
  '/portal/system/erp/v1/..%2f..%2f..%2f..%2fpackage.json',
  '/portal/system/erp/v1/../../../../package.json',
  '/portal/system/erp/v1/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
  '/portal/system/erp/v1/..\\..\\..\\..\\package.json',
  '/portal/system/erp/v1/..%5c..%5c..%5c..%5cpackage.json',
  '/portal/system/erp/v1/swagger-ui.css/..%2f..%2f..%2fpackage.json',
  '/portal/system/erp/v1/swagger-ui-bundle.js%2f..%2fpackage.json',
  '/portal/system/erp/v1/..%2fswagger-ui-express%2fpackage.json',
  '/portal/system/erp/v1/..%2f..%2f..%2f..%2fnode_modules%2fswagger-ui-dist%2fpackage.json',
  '/portal/system/erp/v1/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/portal/partner/customers/changelog/..%2f..%2f..%2f..%2fpackage.json',
  // swagger-ui-dist files the page does not load: only a fixed list is served
  '/portal/system/erp/v1/package.json',
  '/portal/system/erp/v1/index.html',
  '/portal/system/erp/v1/index.js',
  '/portal/system/erp/v1/absolute-path.js',
  '/portal/system/erp/v1/swagger-initializer.js',
  '/portal/system/erp/v1/README.md',
  '/portal/system/erp/v1/LICENSE',
  '/portal/system/erp/v1/swagger-ui.js',
  '/portal/system/erp/v1/swagger-ui-bundle.js.map',
  '/portal/system/erp/v1/oauth2-redirect.html',
];

describe('portal: only the routes it builds from the catalog', () => {
  const catalog = loadCatalog();
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway();
  });
  after(async () => {
    await gateway?.stop();
  });

  it('answers no path outside its routes: traversal in every spelling is 404 (or 400), never a file', async () => {
    for (const rawPath of TRAVERSALS) {
      const { status, body } = await rawGet(gateway.url, rawPath);
      assert.ok(status === 404 || status === 400, `${rawPath} answered ${status}`);
      for (const leak of LEAKS) assert.doesNotMatch(body, leak, `${rawPath} showed a file`);
    }
  });

  it('serves exactly the swagger-ui-dist files its page loads, with their types', async () => {
    const page = await rawGet(gateway.url, '/portal/system/erp/v1/');
    for (const [name, type] of Object.entries(SWAGGER_ASSETS)) {
      const response = await request(gateway.url).get(`/portal/system/erp/v1/${name}`).expect(200);
      assert.equal(response.headers['content-type'], type);
      if (name.endsWith('.js') || name.endsWith('.css')) assert.ok(page.body.includes(`./${name}`), `the page loads ${name}`);
    }
    const loaded = [...page.body.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual(loaded.filter((name) => name !== 'swagger-ui-init.js' && !(name! in SWAGGER_ASSETS)), [], 'every asset the page names is served');
  });

  it('registers one route per page it builds, and no catch-all or static middleware', () => {
    const router = createPortalRouter(catalog) as unknown as { stack: Array<{ route?: { path: string } }> };
    const paths = router.stack.map((layer) => layer.route?.path);
    assert.ok(paths.every((routePath) => typeof routePath === 'string'), 'every layer is a route of a fixed path');
    const expected = ['/', '/catalog.json', '/problems', '/operations', ...Object.keys(OPERATIONS_ASSETS).map((name) => `/operations/${name}`)];
    for (const entry of catalog) {
      expected.push(`/specs/${entry.id}.json`, `/specs/${entry.id}.yaml`, `/${entry.id}`, `/${entry.id}/`, `/${entry.id}/swagger-ui-init.js`);
      expected.push(...Object.keys(SWAGGER_ASSETS).map((name) => `/${entry.id}/${name}`));
    }
    for (const api of new Set(catalog.map((entry) => `${entry.tier}/${entry.api}`))) expected.push(`/${api}/changelog`);
    assert.deepEqual([...paths].sort(), expected.sort());
    for (const routePath of paths) assert.doesNotMatch(routePath as string, /[:*{]/, `${routePath} has no parameters`);
  });
});

describe('portal: specs as JSON and YAML', () => {
  const catalog = loadCatalog();
  const app = express();
  app.use(PORTAL_PATH, createPortalRouter(catalog));

  it('serves each committed spec as YAML too, the same document', async () => {
    for (const entry of catalog) {
      const response = await request(app).get(`/portal/specs/${entry.id}.yaml`).expect(200).expect('content-type', /^application\/yaml/);
      assert.deepEqual(parseYaml(response.text), loadSpec(entry), entry.id);
      await request(app).get(`/portal/specs/${entry.id}.json`).expect(200).expect('content-type', /^application\/json/);
    }
  });

  it('links both downloads from the index and from each version’s page, and lists them in catalog.json', async () => {
    const index = await request(app).get('/portal/').expect(200);
    const { body } = await request(app).get('/portal/catalog.json').expect(200);
    for (const entry of catalog) {
      const slug = entry.id.replace(/\//g, '-');
      const links =
        `<a href="/portal/specs/${entry.id}.json" download="${slug}.json">openapi.json</a> ` +
        `<a href="/portal/specs/${entry.id}.yaml" download="${slug}.yaml">openapi.yaml</a>`;
      assert.ok(index.text.includes(links), `${entry.id} on the index`);
      const docs = await request(app).get(`/portal/${entry.id}/`).expect(200);
      assert.ok(docs.text.includes(links), `${entry.id}’s page`);
      const listed = (body.apis as Array<Record<string, unknown>>).find((candidate) => candidate.id === entry.id);
      assert.equal(listed?.specYamlUrl, `/portal/specs/${entry.id}.yaml`);
    }
  });
});

describe('portal: try-it reaches this gateway', () => {
  const catalog = loadCatalog();
  const app = express();
  app.use(PORTAL_PATH, createPortalRouter(catalog));

  it('initialises Swagger UI with try-it on, no online validator, no stored tokens, and the spec’s relative URLs', async () => {
    for (const entry of catalog) {
      const init = await request(app).get(`/portal/${entry.id}/swagger-ui-init.js`).expect(200).expect('content-type', /javascript/);
      const options = JSON.parse(/^var options = (\{[\s\S]*?\n\});$/m.exec(init.text)?.[1] ?? '{}') as Record<string, unknown>;
      assert.equal(options.tryItOutEnabled, true);
      assert.equal(options.validatorUrl, null);
      assert.equal(options.persistAuthorization, false);
      assert.equal(options.url, undefined, 'the spec is embedded: nothing to fetch, and relative URLs resolve against the page');
      assert.equal('supportedSubmitMethods' in options, false, 'every method can be tried');
      const spec = options.spec as { servers: Array<{ url: string }>; components?: { securitySchemes?: Record<string, { flows?: { clientCredentials?: { tokenUrl: string } } }> } };
      assert.deepEqual(spec, loadSpec(entry));
      assert.deepEqual(spec.servers, [{ url: entry.basePath }], 'calls go to this gateway’s base path');
      for (const scheme of Object.values(spec.components?.securitySchemes ?? {})) {
        if (scheme.flows?.clientCredentials) assert.equal(scheme.flows.clientCredentials.tokenUrl, '/oauth/token');
      }
    }
  });
});
