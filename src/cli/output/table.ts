import { visibleWidth } from './style.js';

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/** Columns aligned by their widest cell, two spaces apart, no trailing blanks. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell));
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `Label  value` lines, labels aligned; empty values are left out. */
export function formatFields(fields: readonly (readonly [string, string | null])[]): string {
  const shown: string[][] = [];
  for (const [label, value] of fields)
    if (value !== null && value !== '') shown.push([label, value]);
  return formatTable(shown);
}
