import { spawnSync } from 'node:child_process';
import { ensureElectronBinary } from './electron-download.mjs';

/**
 * `npm run test:electron`: the Playwright `_electron` specs. A missing Electron binary is first
 * downloaded, as `npm start` does; only where that fails do the specs skip (they say so too).
 * On a Linux machine without a display (CI) Electron needs a virtual one, so the run goes through
 * `xvfb-run` when the binary is there; skipping specs need no display.
 */
const binary = await ensureElectronBinary();
if (!binary.path) {
  // How to get the binary is the specs' own skip message.
  console.warn(`Egress Switcher: the Electron specs will skip: ${binary.reason}.`);
}
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && binary.path !== null;
const hasXvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
const playwright = ['playwright', 'test', '--project=electron', ...process.argv.slice(2)];
const [command, args] =
  needsDisplay && hasXvfb ? ['xvfb-run', ['-a', 'npx', ...playwright]] : ['npx', playwright];
const run = spawnSync(command, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
