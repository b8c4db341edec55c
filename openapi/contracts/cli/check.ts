/**
 * `check`: no published contract may break. For every catalog version with a released baseline, the diff from its
 * latest release to its committed spec must hold no breaking change. Retired versions are skipped (the gateway no
 * longer serves them); versions never released are listed, not checked. `npm test` runs `checkContracts` on the
 * project (test/contracts/check.test.ts), so a breaking edit to a released contract fails the suite.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../../catalog';
import { latestBaseline, loadBaseline } from '../baselines';
import { diffSpecs } from '../diff';
import type { ContractChange, OpenApiDocument } from '../types';
import { changesTable } from './diff';
import { table } from './table';
import type { Command } from './wrapper';

export interface ContractProblem {
  /** The API version, `partner/customers/v1`. */
  id: string;
  /** Its latest release, against which the committed spec was compared. */
  release: string;
  /** The released baseline and the committed spec, relative to the project root. */
  baselineFile: string;
  specFile: string;
  /** The breaking changes from the release to the committed spec. */
  breaking: ContractChange[];
  /** When the specs could not be compared at all (a file missing or not JSON): why. */
  error?: string;
}

export interface ContractCheck {
  ok: boolean;
  problems: ContractProblem[];
  /** Versions compared with their latest release (with or without problems). */
  checked: Array<{ id: string; release: string; changes: number }>;
  /** Versions without a released baseline: nothing to protect yet. */
  unreleased: string[];
  /** Retired versions, not checked. */
  retired: string[];
}

export interface CheckOptions {
  /** The diff to use; the contract diff engine by default. */
  diff?: (before: OpenApiDocument, after: OpenApiDocument) => ContractChange[];
}

function readJson(file: string): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Checks every released, not retired, version of the project in `root` against its latest release. */
export async function checkContracts(root: string, options: CheckOptions = {}): Promise<ContractCheck> {
  const diff = options.diff ?? diffSpecs;
  const result: ContractCheck = { ok: true, problems: [], checked: [], unreleased: [], retired: [] };
  for (const entry of loadCatalog(path.join(root, 'openapi', 'catalog.yaml'))) {
    if (entry.status === 'retired') {
      result.retired.push(entry.id);
      continue;
    }
    const baseline = latestBaseline(root, entry.id);
    if (!baseline) {
      result.unreleased.push(entry.id);
      continue;
    }
    const problem: ContractProblem = { id: entry.id, release: baseline.release, baselineFile: baseline.file, specFile: entry.specFile, breaking: [] };
    let changes: ContractChange[];
    try {
      changes = diff(loadBaseline(root, baseline), readJson(path.join(root, entry.specFile)));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!(error instanceof SyntaxError) && code === undefined) throw error;
      result.problems.push({ ...problem, error: `cannot compare ${baseline.file} with ${entry.specFile}: ${code ?? (error as Error).message}` });
      continue;
    }
    result.checked.push({ id: entry.id, release: baseline.release, changes: changes.length });
    const breaking = changes.filter((change) => change.breaking);
    if (breaking.length > 0) result.problems.push({ ...problem, breaking });
  }
  result.ok = result.problems.length === 0;
  return result;
}

/** The outcome for people: a table of what was checked, then every problem with its breaking changes. */
export function checkReport(check: ContractCheck): string {
  const broken = new Set(check.problems.map((problem) => problem.id));
  const lines = [
    table(
      ['VERSION', 'AGAINST RELEASE', 'CHANGES', 'RESULT'],
      [
        ...check.checked.map((item) => [item.id, item.release, item.changes, broken.has(item.id) ? 'BREAKING' : 'ok']),
        ...check.problems.filter((problem) => problem.error).map((problem) => [problem.id, problem.release, undefined, 'ERROR']),
        ...check.unreleased.map((id) => [id, undefined, undefined, 'not released']),
        ...check.retired.map((id) => [id, undefined, undefined, 'retired, not checked']),
      ],
    ),
  ];
  for (const problem of check.problems) {
    lines.push('', problem.error ?? `${problem.id} breaks its release ${problem.release} (${problem.baselineFile} → ${problem.specFile}):\n${changesTable(problem.breaking)}`);
  }
  lines.push(
    '',
    check.ok
      ? `ok: ${check.checked.length} released version${check.checked.length === 1 ? '' : 's'} without breaking changes`
      : `${check.problems.length} version${check.problems.length === 1 ? '' : 's'} break${check.problems.length === 1 ? 's' : ''} a published contract: ` +
          'restore the contract, or publish the change as a new version',
  );
  return lines.join('\n');
}

export const check: Command = {
  name: 'check',
  summary: 'every released version: its committed spec must not break its latest release; exit 1 otherwise',
  synopsis: '',
  options: {},
  async run({ root }) {
    const outcome = await checkContracts(root);
    return { ok: outcome.ok, text: checkReport(outcome), data: outcome };
  },
};
