/**
 * Every committed spec (openapi/{tier}/{api}/v{n}.json; released baselines excepted) passes Spectral's `spectral:oas`
 * ruleset without errors (warnings are allowed), and meets our own quality bar (./spec-quality.ts): operation ids
 * and summaries, descriptions, request body examples, errors as application/problem+json.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Spectral, type RulesetDefinition } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { loadCatalog, PROJECT_ROOT, TIERS } from '../../openapi/catalog';
import { checkSpecQuality, formatFindings, type SpecTier } from './spec-quality';

const SPEC_ROOT = path.join(PROJECT_ROOT, 'openapi');
/** Snapshots of published contracts: they stay as they were released, whatever today's bar. */
const RELEASED = path.join(SPEC_ROOT, 'released');
/** `DiagnosticSeverity.Error` of @stoplight/types. */
const SEVERITY_ERROR = 0;

function committedSpecs(dir = SPEC_ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return file === RELEASED ? [] : committedSpecs(file);
    return /^v\d+\.json$/.test(entry.name) ? [file] : [];
  });
}

/** The tier is the first folder under openapi/. */
function tierOf(relative: string): SpecTier {
  const tier = relative.split(path.sep)[1];
  assert.ok((TIERS as readonly string[]).includes(tier ?? ''), `${relative} is not under openapi/{system,process,partner}/`);
  return tier as SpecTier;
}

describe('OpenAPI contract quality', function () {
  this.timeout(60_000);
  const specs = committedSpecs().map((file) => path.relative(PROJECT_ROOT, file)).sort();

  it('the quality checker flags each of its rules on a deliberately poor spec', () => {
    const poor = {
      openapi: '3.0.0',
      paths: {
        '/things': {
          post: {
            operationId: 'Same',
            parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            responses: { '201': { description: 'ok' }, '400': { description: 'bad', content: { 'application/json': { schema: { type: 'object' } } } } },
          },
          get: { operationId: 'Same', summary: 's', description: 'd', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } },
        },
      },
      components: { schemas: { Part: { description: 'A part.', type: 'object' }, Thing: { type: 'object', properties: { part: { $ref: '#/components/schemas/Part' } } } } },
    };
    const rules = (tier: SpecTier) => new Set(checkSpecQuality(poor, tier).map((finding) => finding.rule));
    assert.deepEqual(
      [...rules('partner')].sort(),
      ['operation-description', 'operation-id', 'operation-summary', 'parameter-description', 'problem-json', 'property-description', 'request-body-example', 'schema-description'],
    );
    // Below the partner tier a property may lean on the description of the named type it refers to.
    assert.equal(rules('system').has('property-description'), false);
  });

  it('finds the spec of every catalogued version', () => {
    for (const entry of loadCatalog()) assert.ok(specs.includes(path.normalize(entry.specFile)), `${entry.specFile} is not among ${specs.join(', ')}`);
  });

  for (const relative of specs) {
    describe(relative, () => {
      const text = readFileSync(path.join(PROJECT_ROOT, relative), 'utf8');

      it('has no error under spectral:oas', async () => {
        const spectral = new Spectral();
        spectral.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] });
        const errors = (await spectral.run(text)).filter((result) => result.severity === SEVERITY_ERROR);
        const lines = errors.map((error) => `  ${error.code} at ${error.path.join('.')} (line ${error.range.start.line + 1}): ${error.message}`);
        assert.equal(errors.length, 0, `${relative}: ${errors.length} spectral:oas error(s)\n${lines.join('\n')}`);
      });

      it(`meets the ${tierOf(relative)}-tier quality bar`, () => {
        const findings = checkSpecQuality(JSON.parse(text) as Record<string, unknown>, tierOf(relative));
        assert.equal(findings.length, 0, `${relative}: ${findings.length} finding(s)\n${formatFindings(findings)}`);
      });
    });
  }
});
