/** What every scenario gets from the runner, and what it hands back for the report. */
import type { BenchEnvironment } from './bench-config';

export interface BenchContext {
  /** ~1 s per measurement, tiny sizes, no RESULTS.md. */
  smoke: boolean;
  env: BenchEnvironment;
  /** Progress lines (stderr). */
  log(line: string): void;
}

export interface ScenarioResult {
  name: string;
  /** What was measured, for RESULTS.md. */
  description: string;
  /** Markdown table rows, header first. */
  table: string[][];
  /** One line per goal: met or missed, plainly. */
  goals: Array<{ goal: string; met: boolean; detail: string }>;
  /** Scenario-specific numbers the smoke test checks. */
  data: Record<string, unknown>;
  /** Extra markdown (profiles, notes). */
  notes?: string[];
}

export interface Scenario {
  name: string;
  run(context: BenchContext): Promise<ScenarioResult>;
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a';
}

export function perSecond(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(0)}/s` : 'n/a';
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}` : 'n/a';
}
