import { spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

/**
 * `npm run test:electron`: the Playwright `_electron` specs. On a Linux machine without a display
 * (CI) Electron needs a virtual one, so the run goes through `xvfb-run` when the binary is there;
 * without the binary the specs skip and say why, which needs no display.
 */
const needsDisplay =
  process.platform === 'linux' && !process.env.DISPLAY && findElectronBinary().path !== null;
const hasXvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
const playwright = ['playwright', 'test', '--project=electron', ...process.argv.slice(2)];
const [command, args] =
  needsDisplay && hasXvfb ? ['xvfb-run', ['-a', 'npx', ...playwright]] : ['npx', playwright];
const run = spawnSync(command, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
