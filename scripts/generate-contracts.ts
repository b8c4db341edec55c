/**
 * Regenerates, for every API version in openapi/catalog.yaml, its OpenAPI spec (openapi/{tier}/{api}/v{n}.json,
 * committed) and its express routes (apis/{tier}/{api}/v{n}/routes.generated.ts, not committed) with tsoa.
 *
 *   tsx scripts/generate-contracts.ts                 specs and routes
 *   tsx scripts/generate-contracts.ts --routes-only   routes only (what the test run needs; specs stay untouched)
 *
 * The contract test calls `generateSpecs` into a temporary folder and compares with the committed files.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateRoutes, generateSpec, type ExtendedRoutesConfig, type ExtendedSpecConfig } from '@tsoa/cli';
import type { Tsoa } from '@tsoa/runtime';
import { loadCatalog, PROJECT_ROOT, type CatalogEntry } from '../openapi/catalog';
import { SCOPES } from '../gateway/auth/scopes';
import { OAUTH2_SCHEME } from '../gateway/auth/express-authentication';

/** Where try-it gets a token: the built-in authorization server, relative to the page's origin. */
const TOKEN_URL = '/oauth/token';

const SHARED = {
  entryFile: '',
  noImplicitAdditionalProperties: 'throw-on-extras' as const,
};

function controllerGlobs(entry: CatalogEntry): string[] {
  return [`${entry.sourceDir}/**/*-controller.ts`];
}

function specConfig(entry: CatalogEntry, outputRoot: string): ExtendedSpecConfig {
  return {
    ...SHARED,
    controllerPathGlobs: controllerGlobs(entry),
    outputDirectory: path.join(outputRoot, path.dirname(entry.specFile)),
    specFileBaseName: `v${entry.version}`,
    specVersion: 3,
    basePath: entry.basePath,
    name: entry.title,
    description: entry.description,
    version: `${entry.version}.0.0`,
    license: 'Apache-2.0',
    yaml: false,
    securityDefinitions: {
      [OAUTH2_SCHEME]: {
        type: 'oauth2',
        description: 'OAuth 2.0 client credentials. Get a token at POST /oauth/token with your client id and secret.',
        flows: { clientCredentials: { tokenUrl: TOKEN_URL, scopes: { ...SCOPES } } },
      },
    },
  };
}

function routesConfig(entry: CatalogEntry): ExtendedRoutesConfig {
  return {
    ...SHARED,
    controllerPathGlobs: controllerGlobs(entry),
    routesDir: entry.sourceDir,
    routesFileName: 'routes.generated.ts',
    basePath: '/',
    middleware: 'express',
    iocModule: 'gateway/ioc',
    authenticationModule: 'gateway/auth/express-authentication',
    // JSON has types: a body that sends "12" for a number, "true" for a boolean or a scalar for an array breaks the
    // contract and is refused (400), not coerced. Found by test/security/fuzz (a string accepted as `eventTypes`).
    bodyCoercion: false,
    esm: false,
  };
}

/**
 * Generates every spec into `outputRoot` (the project root by default) and returns the files written.
 * tsoa writes `servers` from the base path, so the spec is portable between hosts: try-it calls the origin it is served from.
 */
export async function generateSpecs(outputRoot = PROJECT_ROOT, entries = loadCatalog()): Promise<Map<CatalogEntry, Tsoa.Metadata>> {
  const metadata = new Map<CatalogEntry, Tsoa.Metadata>();
  for (const entry of entries) {
    const config = specConfig(entry, outputRoot);
    await mkdir(config.outputDirectory, { recursive: true });
    metadata.set(entry, await generateSpec(config));
    await normaliseSpecFile(path.join(outputRoot, entry.specFile));
  }
  return metadata;
}

interface GeneratedSpec {
  paths: Record<string, Record<string, { security?: Array<Record<string, string[]>>; responses?: Record<string, { content?: Record<string, unknown> }> }>>;
  components: { securitySchemes?: Record<string, { flows?: { clientCredentials?: { scopes: Record<string, string> } } }> };
}

/** The scopes this spec's operations use: the security scheme lists only those, so each API shows its own. */
function usedScopes(spec: GeneratedSpec): Set<string> {
  const used = new Set<string>();
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      for (const requirement of operation.security ?? []) for (const scopes of Object.values(requirement)) scopes.forEach((scope) => used.add(scope));
    }
  }
  return used;
}

/**
 * Error responses are sent as application/problem+json (gateway/problem-handler.ts). tsoa ignores the media type of a
 * class-level `@Response`, so the spec is corrected here, once, for every 4xx/5xx answer it lists as JSON.
 */
function problemMediaTypes(spec: GeneratedSpec): void {
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (Number(status) >= 400 && json && response.content) {
          delete response.content['application/json'];
          response.content['application/problem+json'] ??= json;
        }
      }
    }
  }
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys whose values are instance data (examples), not schemas: never rewritten. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum']);
/** Keys whose values map names to schemas: a property may well be called `example`. */
const NAME_MAPS = new Set(['properties', 'schemas']);

/**
 * OpenAPI 3.0 ignores every sibling of a `$ref` (and Spectral's no-$ref-siblings calls them errors), yet tsoa puts a
 * property's own description and example beside the `$ref` of its type. Each such schema becomes
 * `{ allOf: [{ $ref }], ...siblings }`: it accepts exactly the same values, and readers see the property's own words.
 * A request body schema's description is dropped instead when it only repeats the request body's (tsoa copies
 * `@param body` into both).
 */
function refSiblingsToAllOf(spec: GeneratedSpec): void {
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item) as Array<{ requestBody?: { description?: string; content?: Record<string, { schema?: JsonObject }> } }>) {
      const body = operation.requestBody;
      for (const media of Object.values(body?.content ?? {})) {
        if (media.schema && '$ref' in media.schema && media.schema['description'] === body?.description) delete media.schema['description'];
      }
    }
  }
  // `namesOnly`: the keys are names of properties or schemas, so none of them is a data key.
  const visit = (node: unknown, namesOnly = false): void => {
    if (Array.isArray(node)) return node.forEach((value) => visit(value));
    if (!isObject(node)) return;
    const ref = node['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/') && Object.keys(node).length > 1) {
      const siblings = Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref'));
      for (const key of Object.keys(node)) delete node[key];
      Object.assign(node, { allOf: [{ $ref: ref }] }, siblings);
    }
    for (const [key, value] of Object.entries(node)) if (namesOnly || !DATA_KEYS.has(key)) visit(value, !namesOnly && NAME_MAPS.has(key));
  };
  visit(spec);
}

/**
 * Problem media types, `$ref` siblings moved beside an `allOf`, the scheme trimmed to the used scopes; two-space
 * indent and a trailing newline: the committed form.
 */
async function normaliseSpecFile(file: string): Promise<void> {
  const spec = JSON.parse(await readFile(file, 'utf8')) as GeneratedSpec;
  problemMediaTypes(spec);
  refSiblingsToAllOf(spec);
  const flow = spec.components.securitySchemes?.[OAUTH2_SCHEME]?.flows?.clientCredentials;
  if (flow) {
    const used = usedScopes(spec);
    flow.scopes = Object.fromEntries(Object.entries(flow.scopes).filter(([scope]) => used.has(scope)));
  }
  await writeFile(file, `${JSON.stringify(spec, null, 2)}\n`);
}

export async function generateAllRoutes(entries = loadCatalog(), metadata?: Map<CatalogEntry, Tsoa.Metadata>): Promise<void> {
  for (const entry of entries) {
    await generateRoutes(routesConfig(entry), undefined, undefined, metadata?.get(entry));
  }
}

async function main(argv: string[]): Promise<void> {
  process.chdir(PROJECT_ROOT);
  const entries = loadCatalog();
  if (argv.includes('--routes-only')) {
    await generateAllRoutes(entries);
    return;
  }
  const metadata = await generateSpecs(PROJECT_ROOT, entries);
  await generateAllRoutes(entries, metadata);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
