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
    bodyCoercion: true,
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

/** One trailing newline, two-space indent: the committed form, whatever tsoa's formatting of the day. */
async function normaliseSpecFile(file: string): Promise<void> {
  const spec = JSON.parse(await readFile(file, 'utf8')) as unknown;
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
