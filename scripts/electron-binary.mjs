import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds the Electron executable the way `require('electron')` would, but without its side
 * effect: the `electron` package downloads the binary on first require, and on a machine that
 * cannot reach the download it fails with a stack trace. Shared by `npm start`, `npm run
 * test:electron` and the Electron end-to-end specs; electron-download.mjs fetches what is missing.
 */

/** The executable inside an unpacked Electron, as the `electron` package's install.js names it. */
export function executableFor(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export const HOW_TO_GET_ELECTRON =
  'run `npx install-electron` on a machine with internet access (or copy node_modules/electron/dist and path.txt from one), ' +
  'point ELECTRON_MIRROR at a reachable Electron mirror, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron';

/** The installed `electron` package: its folder and version. */
export function electronPackage() {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return { root, version };
}

/** @returns {{ path: string, version: string } | { path: null, version: string, reason: string }} */
export function findElectronBinary(env = process.env, platform = process.platform) {
  const { root, version } = electronPackage();
  const pathFile = join(root, 'path.txt');
  const executable = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : executableFor(platform);
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
    reason: `the Electron ${version} binary is not installed (node_modules/electron/dist is absent)`,
  };
}
