import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const RENDERER_OUT = join(ROOT, 'out', 'renderer');
const RENDERER_CONFIG = join(ROOT, 'tests', 'e2e', 'vite.renderer.config.ts');
const SOURCES = [join(ROOT, 'src', 'renderer'), join(ROOT, 'src', 'shared')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** True when out/renderer is missing or older than any renderer or shared source. */
export function rendererBuildIsStale(): boolean {
  const index = join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((dir) => newestMtime(dir) > built);
}

let building: Promise<void> | undefined;

/**
 * Builds the renderer (the renderer section of electron.vite.config.ts) unless a fresh build is
 * already there — `npm run test:e2e` builds first, so Playwright workers reuse it. Once per
 * process however many files ask.
 */
export function ensureRendererBuilt(): Promise<void> {
  building ??= (async () => {
    if (!rendererBuildIsStale()) return;
    const { build } = await import('vite');
    await build({ configFile: RENDERER_CONFIG, logLevel: 'warn' });
  })();
  return building;
}
