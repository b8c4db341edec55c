/**
 * Conventions the gateway's generic code relies on, checked over every controller so a new API cannot break them
 * silently: validation problems name body fields `body.…` because every `@Body()` parameter is called `body`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog, PROJECT_ROOT } from '../../openapi/catalog';

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? controllerFiles(path.join(dir, entry.name)) : entry.name.endsWith('-controller.ts') ? [path.join(dir, entry.name)] : [],
  );
}

describe('controller conventions', () => {
  const files = loadCatalog().flatMap((entry) => controllerFiles(path.join(PROJECT_ROOT, entry.sourceDir)));

  it('finds the controllers of every catalogued version', () => {
    assert.ok(files.length >= loadCatalog().length);
  });

  it('names every @Body() parameter `body`', () => {
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/@Body\(\)\s+(\w+)/g)) {
        assert.equal(match[1], 'body', `${path.relative(PROJECT_ROOT, file)}: @Body() ${match[1]}`);
      }
    }
  });
});
