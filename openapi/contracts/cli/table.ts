/**
 * Plain-text tables for the CLI: a header row, then one row per item, columns separated by two spaces and padded
 * to the widest cell; the last column is not padded, so no line ends in spaces. Empty cells show as `-`.
 */

export type Cell = string | number | undefined;

export function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const cells = [headers.map(String), ...rows.map((row) => headers.map((_, index) => show(row[index])))];
  const widths = headers.map((_, index) => Math.max(...cells.map((row) => (row[index] as string).length)));
  return cells
    .map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] as number))).join('  ').trimEnd())
    .join('\n');
}

function show(value: Cell): string {
  return value === undefined || value === '' ? '-' : String(value);
}
