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

/**
 * The layering matrix: which top-level folders each layer may import. `npm run lint` enforces it
 * with biome.json's per-folder `noRestrictedImports` patterns; the probes below prove each pattern
 * fires, and the scan at the end checks the real tree against the matrix by resolving every import.
 */
const layers = [
  'shared',
  'renderer',
  'preload',
  'control-api',
  'cli',
  'main/agent',
  'main/electron',
] as const;
type Layer = (typeof layers)[number];
const mayImport: Record<Layer, readonly Layer[]> = {
  shared: [],
  renderer: ['shared'],
  preload: ['shared'],
  'control-api': ['shared'],
  cli: ['shared', 'main/agent'],
  'main/agent': ['shared', 'control-api'],
  'main/electron': ['shared', 'main/agent'],
};

/** A probe file of `from` that imports a module of `to`, spelled as a relative path. */
function probe(from: Layer, to: Layer, dynamic = false): { path: string; source: string } {
  const path = `src/${from}/probe/probe.ts`;
  const spec = `${relative(dirname(path), `src/${to}/probe-target`)}.js`;
  const source = dynamic
    ? `export const load = () => import('${spec}');\n`
    : `import { target } from '${spec}';\nexport const value = target;\n`;
  return { path, source };
}

function forbidden(): [Layer, Layer][] {
  return layers.flatMap((from) =>
    layers
      .filter((to) => to !== from && !mayImport[from].includes(to))
      .map((to): [Layer, Layer] => [from, to]),
  );
}

function allowed(): [Layer, Layer][] {
  return layers.flatMap((from) => mayImport[from].map((to): [Layer, Layer] => [from, to]));
}

describe('the layering matrix', () => {
  it.each(forbidden())('the linter rejects src/%s importing src/%s', (from, to) => {
    const { path, source } = probe(from, to);
    const result = lintAs(path, source);
    expect(result.ok, result.output).toBe(false);
    expect(result.output).toContain('lint/style/noRestrictedImports');
  });

  it.each(allowed())('the linter accepts src/%s importing src/%s', (from, to) => {
    const { path, source } = probe(from, to);
    const result = lintAs(path, source);
    expect(result.ok, result.output).toBe(true);
  });

  it('a dynamic import is held to the same rule', () => {
    const { path, source } = probe('cli', 'control-api', true);
    const result = lintAs(path, source);
    expect(result.output).toContain('lint/style/noRestrictedImports');
  });

  it('the preload may import its own modules and electron', () => {
    const result = lintAs(
      'src/preload/probe.ts',
      "import { ipcRenderer } from 'electron';\nimport { b } from './agent-bridge.js';\nexport const v = [ipcRenderer, b];\n",
    );
    expect(result.ok, result.output).toBe(true);
  });

  it('every relative import under src keeps to the matrix', () => {
    const layerOf = (file: string): Layer | undefined => {
      const rel = relative(join(root, 'src'), file).split(/[\\/]/);
      const name = rel[0] === 'main' ? `main/${rel[1]}` : rel[0];
      return layers.find((layer) => layer === name);
    };
    const offenders = sourceFiles(join(root, 'src')).flatMap((file) => {
      const from = layerOf(file);
      const text = readFileSync(file, 'utf8');
      const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)];
      return specs.flatMap((match) => {
        const to = layerOf(join(dirname(file), match[1] ?? ''));
        const ok = from === undefined || to === from || (to && mayImport[from].includes(to));
        return ok ? [] : [`${relative(root, file)}: ${match[1]}`];
      });
    });
    expect(offenders).toEqual([]);
  });
});

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
