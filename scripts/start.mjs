#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, HOW_TO_GET_ELECTRON } from './electron-binary.mjs';

/**
 * `npm start`: build the app (main, preload, renderer) with electron-vite, then launch it on the
 * local simulator. Where the Electron binary is missing it says so in one line and how to get
 * it — no stack trace — and exits non-zero.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = findElectronBinary();

const build = spawnSync(
  process.execPath,
  [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

if (!binary.path) {
  console.error(
    `Egress Switcher: cannot launch: ${binary.reason}. To get it, ${HOW_TO_GET_ELECTRON}. ` +
      'Meanwhile `npm run start:web` runs the same popover in a browser.',
  );
  process.exit(1);
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
