import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const biome = join(root, 'node_modules', '.bin', 'biome');

// A scratch tree with the project's own biome.json, so a probe is linted exactly as `npm run lint`
// would lint a file at the same path, without touching the working tree.
const scratch = mkdtempSync(join(tmpdir(), 'layering-'));
const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
config.vcs = { enabled: false };
writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lintAs(path: string, source: string): { ok: boolean; output: string } {
  const file = join(scratch, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const run = spawnSync(biome, ['lint', path], { cwd: scratch, encoding: 'utf8' });
  rmSync(file);
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('src/shared stays pure', () => {
  it.each([
    [
      'a Node built-in',
      "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    ],
    ['a bare Node built-in', "import path from 'path';\nexport const p = path;\n"],
    ['Electron', "import { app } from 'electron';\nexport const a = app;\n"],
    ['the DOM', 'export const title = () => document.title;\n'],
    ['Node globals', 'export const env = () => process.env;\n'],
  ])('the linter rejects %s in src/shared', (_what, source) => {
    const result = lintAs('src/shared/policy/probe.ts', source);
    expect(result.ok, result.output).toBe(false);
  });

  it('the same Node import is accepted outside src/shared', () => {
    const result = lintAs(
      'src/control-api/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    );
    expect(result.ok, result.output).toBe(true);
  });

  it('the linter rejects Electron outside the shell', () => {
    const result = lintAs(
      'src/main/agent/probe.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(result.ok, result.output).toBe(false);
  });

  it('no file in src/shared imports node:*, electron, react or the DOM types', () => {
    const offenders = sourceFiles(join(root, 'src', 'shared')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const bad = [...text.matchAll(/from\s+['"](node:[^'"]+|electron|react(?:-dom)?)['"]/g)];
      return bad.map((match) => `${relative(root, file)}: ${match[1]}`);
    });
    expect(offenders).toEqual([]);
  });
});
