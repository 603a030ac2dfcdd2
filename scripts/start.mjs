#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOW_TO_GET_ELECTRON } from './electron-binary.mjs';
import { ensureElectronBinary } from './electron-download.mjs';

/**
 * `npm start`: make sure the Electron binary is there (downloading it on first launch, as the
 * `electron` package would), build the app (main, preload, renderer) with electron-vite, then
 * launch it on the local simulator. Where the binary cannot be had it says why in one line, how
 * to get it and what to run instead — no stack trace — and exits non-zero. The binary comes first
 * so that a failed download fails at once, not after a build.
 *
 * EGRESS_SWITCHER_SKIP_BUILD=1 launches the out/ already built, for a quicker restart.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = await ensureElectronBinary();
if (!binary.path) {
  console.error(
    `Egress Switcher: cannot launch: ${binary.reason}. To get it, ${HOW_TO_GET_ELECTRON}. ` +
      'Meanwhile `npm run start:web` runs the same popover in a browser.',
  );
  process.exit(1);
}

if (process.env.EGRESS_SWITCHER_SKIP_BUILD !== '1') {
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Chromium refuses to start its sandbox as root (containers, CI): say so rather than fail.
const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
if (rootArgs.length > 0)
  console.warn('Egress Switcher: running as root, so without the Chromium sandbox.');
const child = spawn(binary.path, [root, ...rootArgs, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
