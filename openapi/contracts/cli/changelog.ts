/**
 * `changelog <api>`: the Markdown changelog of an API: for each version, the changes between its consecutive
 * released baselines; between consecutive versions, the changes from the older one's latest release to the newer
 * one's latest release, what moving between them means today (a version never released stands as its committed
 * spec). Steps run oldest first: v1's releases, v1 → v2, v2's releases... Printed, or written to --output.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogEntry } from '../../catalog';
import { listBaselines } from '../baselines';
import { changelogMarkdown, type ChangelogStep } from '../changelog';
import { diffSpecs } from '../diff';
import type { OpenApiDocument } from '../types';
import { parseApi, readBaseline, readCommittedSpec, versionsOfApi } from './project';
import type { Command } from './wrapper';

interface Point {
  label: string;
  spec: OpenApiDocument;
}

/** The steps of an API's changelog in `root`, oldest first. */
export function changelogSteps(root: string, versions: readonly CatalogEntry[]): ChangelogStep[] {
  const steps: ChangelogStep[] = [];
  let previousLatest: Point | undefined;
  for (const entry of versions) {
    const releases: Point[] = listBaselines(root, entry.id).map((baseline) => ({ label: `v${entry.version} (${baseline.release})`, spec: readBaseline(root, baseline) }));
    const latest = releases.at(-1) ?? { label: `v${entry.version} (unreleased)`, spec: readCommittedSpec(root, entry).spec };
    if (previousLatest) steps.push({ from: previousLatest.label, to: latest.label, changes: diffSpecs(previousLatest.spec, latest.spec) });
    for (let index = 1; index < releases.length; index += 1) {
      const from = releases[index - 1] as Point;
      const to = releases[index] as Point;
      steps.push({ from: from.label, to: to.label, changes: diffSpecs(from.spec, to.spec) });
    }
    previousLatest = latest;
  }
  return steps;
}

export const changelog: Command = {
  name: 'changelog',
  summary: 'the Markdown changelog of an API across its releases and versions',
  synopsis: '<api>',
  options: {
    output: { type: 'string', short: 'o', value: 'FILE', description: 'write the Markdown to FILE instead of printing it' },
  },
  async run({ root, catalog, args, options, cwd }) {
    const name = parseApi(args[0]);
    const versions = versionsOfApi(catalog(), name);
    const api = `${name.tier}/${name.api}`;
    const title = `${(versions.at(-1) as CatalogEntry).title} (${api})`;
    const steps = changelogSteps(root, versions);
    const markdown = changelogMarkdown(title, steps);
    const output = typeof options.output === 'string' ? path.resolve(cwd, options.output) : undefined;
    if (output) writeFileSync(output, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return {
      ok: true,
      text: output ? `wrote the changelog of ${api} (${steps.length} step${steps.length === 1 ? '' : 's'}) to ${output}` : markdown,
      data: { api, title, steps, markdown, ...(output ? { output } : {}) },
    };
  },
};
