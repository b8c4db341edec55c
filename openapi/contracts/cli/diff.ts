/**
 * `diff <api> <from> <to>`: every change between two specs of an API, breaking ones first, each with its JSON
 * pointer. A side is a version's committed spec (`v1`), a released baseline (`v1@2026-11-28`, `v1@latest`) or the
 * spec generated from today's code (`working`, `v1@working`: slow, it runs the generator). Exit 1 when any change
 * is breaking.
 */
import { summariseChanges } from '../changelog';
import { diffSpecs } from '../diff';
import type { ContractChange } from '../types';
import { parseApi, parseSpecSource, resolveSpec } from './project';
import { table } from './table';
import type { Command } from './wrapper';

/** Breaking changes first, otherwise in the order the diff found them. */
export function breakingFirst(changes: readonly ContractChange[]): ContractChange[] {
  return [...changes.filter((change) => change.breaking), ...changes.filter((change) => !change.breaking)];
}

/** The changes as a table (or a line saying there are none). */
export function changesTable(changes: readonly ContractChange[]): string {
  if (changes.length === 0) return 'no changes';
  return table(
    ['', 'KIND', 'POINTER', 'CHANGE'],
    breakingFirst(changes).map((change) => [change.breaking ? 'BREAKING' : 'ok', change.kind, change.pointer, change.message]),
  );
}

export const diff: Command = {
  name: 'diff',
  summary: 'the changes between two specs of an API, breaking first; exit 1 when any is breaking',
  synopsis: '<api> <from> <to>',
  details: [
    '<api> is tier/api, e.g. partner/customers. <from> and <to> are each one of:',
    '  v1 (or 1)        the committed spec of v1 (openapi/<tier>/<api>/v1.json)',
    '  v1@latest        the latest released baseline of v1',
    '  v1@2026-11-28    that released baseline (openapi/released/<tier>/<api>/v1/2026-11-28.json)',
    '  working          the spec generated from today\'s code, of the other side\'s version (or v1@working); slow',
  ].join('\n'),
  options: {},
  async run({ root, catalog, args }) {
    const name = parseApi(args[0]);
    let from = parseSpecSource(args[1] as string);
    let to = parseSpecSource(args[2] as string);
    if (from.kind === 'working' && from.version === undefined) from = { kind: 'working', version: to.version };
    if (to.kind === 'working' && to.version === undefined) to = { kind: 'working', version: from.version };
    const before = await resolveSpec(root, catalog(), name, from);
    const after = await resolveSpec(root, catalog(), name, to);
    const changes = breakingFirst(diffSpecs(before.spec, after.spec));
    const counts = summariseChanges(changes);
    const api = `${name.tier}/${name.api}`;
    const heading = `${api} ${before.label} → ${after.label}: ${changes.length} change${changes.length === 1 ? '' : 's'}, ${counts.breaking} breaking`;
    return {
      ok: counts.breaking === 0,
      text: changes.length === 0 ? heading : `${heading}\n\n${changesTable(changes)}`,
      data: { api, from: before.label, to: after.label, summary: counts, changes },
    };
  },
};
