import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds the Electron executable the way `require('electron')` would, but without its side
 * effect: the `electron` package downloads the binary on first require, which fails (with a
 * stack trace) on machines that cannot reach GitHub. Shared by `npm start` and the Electron
 * end-to-end specs.
 */

const DEFAULT_EXECUTABLE = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

export const HOW_TO_GET_ELECTRON =
  'run `npx install-electron` on a machine with internet access (or copy node_modules/electron/dist and path.txt from one), ' +
  'or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron';

/** @returns {{ path: string, version: string } | { path: null, version: string, reason: string }} */
export function findElectronBinary(env = process.env, platform = process.platform) {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('electron/package.json'));
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const pathFile = join(root, 'path.txt');
  const executable = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : (DEFAULT_EXECUTABLE[platform] ?? 'electron');
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, executable);
    if (existsSync(candidate)) return { path: candidate, version };
    return {
      path: null,
      version,
      reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist`,
    };
  }
  const candidate = join(root, 'dist', executable);
  if (existsSync(pathFile) && existsSync(candidate)) return { path: candidate, version };
  return {
    path: null,
    version,
    reason: `the Electron ${version} binary is not installed (node_modules/electron/dist is absent) and cannot be downloaded here`,
  };
}
