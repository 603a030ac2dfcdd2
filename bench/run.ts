/**
 * `npm run bench [-- filter]`: runs every module in bench/sections/ in file-name order (each
 * default-exports `async () => BenchSection`), prints each as a table and writes all of them to
 * bench/results/latest.json. The optional argument keeps only section files whose name contains
 * it. Exits 1 when a goal was missed, so a script can tell.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchSection, BenchSectionRunner } from './types.js';

const here = import.meta.dirname;
const sectionsDir = join(here, 'sections');
const resultsFile = join(here, 'results', 'latest.json');

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumSignificantDigits: 3 });
}

function printSection(section: BenchSection): void {
  const rows = section.rows.map((row) => [
    row.name,
    formatValue(row.value),
    row.unit,
    row.goal ?? '',
    row.ok === undefined ? '' : row.ok ? 'PASS' : 'MISS',
  ]);
  const header = ['', 'value', 'unit', 'goal', ''];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(`\n== ${section.title} ==`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const note of section.notes ?? []) console.log(`  · ${note}`);
}

async function main(): Promise<void> {
  const filter = process.argv[2] ?? '';
  const files = readdirSync(sectionsDir)
    .filter((name) => /\.(ts|js|mts)$/.test(name) && !name.endsWith('.d.ts'))
    .filter((name) => name.includes(filter))
    .sort();
  if (files.length === 0) {
    console.error(`No benchmark section in bench/sections matches "${filter}".`);
    process.exitCode = 2;
    return;
  }

  const sections: (BenchSection & { file: string })[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(sectionsDir, file)).href)) as {
      default?: BenchSectionRunner;
    };
    if (typeof module.default !== 'function') {
      throw new Error(`bench/sections/${file} must default-export an async function`);
    }
    const section = await module.default();
    printSection(section);
    sections.push({ file, ...section });
  }

  const misses = sections.flatMap((s) => s.rows.filter((row) => row.ok === false));
  mkdirSync(join(here, 'results'), { recursive: true });
  const machine = {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
  };
  const report = { date: new Date().toISOString(), machine, filter, sections };
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\n${misses.length === 0 ? 'All goals met' : `${misses.length} goal(s) missed`}; wrote ${resultsFile}`,
  );
  if (misses.length > 0) process.exitCode = 1;
}

await main();
