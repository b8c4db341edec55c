/**
 * Renders contract changes for people: a Markdown changelog, breaking changes first, and counts for summaries.
 */
import type { ContractChange } from './types';

/** One step of a contract's history: from one release (or version) to the next. */
export interface ChangelogStep {
  /** The older side, as readers know it: `v1 (2026-11-28)`. */
  from: string;
  /** The newer side: `v2`. */
  to: string;
  /** The step's changes, in `diffSpecs` order. */
  changes: ContractChange[];
}

/** How many of the changes break clients of the older contract, and how many do not. */
export function summariseChanges(changes: readonly ContractChange[]): { breaking: number; other: number } {
  const breaking = changes.filter((change) => change.breaking).length;
  return { breaking, other: changes.length - breaking };
}

/** Markdown code span that survives backticks inside the text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 || text.startsWith(' ') ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** A bullet stays one line: line breaks in a message would end the list item. */
const bullet = (change: ContractChange): string => `- ${change.message.replace(/\s*\n\s*/g, ' ')} ${code(change.pointer)}`;

/**
 * The changelog of one contract: a `#` title, then per step a `##` heading (`v1 (2026-11-28) → v2`), its breaking
 * changes under `### Breaking` and the rest under `### Other changes` (a section only when it has changes), each a
 * bullet with the message and the JSON pointer in code; `No changes.` for a step without any. Steps keep their order.
 */
export function changelogMarkdown(title: string, steps: ReadonlyArray<ChangelogStep>): string {
  const lines = [`# ${title}`, ''];
  if (steps.length === 0) lines.push('No changes.', '');
  for (const step of steps) {
    lines.push(`## ${step.from} → ${step.to}`, '');
    if (step.changes.length === 0) {
      lines.push('No changes.', '');
      continue;
    }
    const breaking = step.changes.filter((change) => change.breaking);
    const other = step.changes.filter((change) => !change.breaking);
    if (breaking.length > 0) lines.push('### Breaking', '', ...breaking.map(bullet), '');
    if (other.length > 0) lines.push('### Other changes', '', ...other.map(bullet), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
