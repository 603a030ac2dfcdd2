import { execSync } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { electronPackage, executableFor, findElectronBinary } from './electron-binary.mjs';

/**
 * Where the Electron binary is missing, fetches it as the `electron` package does on first use
 * (node_modules/electron/install.js): the same @electron/get call with the same arguments, so
 * ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, ELECTRON_CUSTOM_FILENAME, electron_config_cache,
 * force_no_cache, electron_use_remote_checksums, ELECTRON_GET_USE_PROXY (and their
 * npm_config_electron_* forms) all apply, unpacked into node_modules/electron/dist with the same
 * path.txt. It does not run install.js itself: that prints a stack trace when the download fails
 * and shows progress only after 30 s, while `npm start` must show progress at once and, on
 * failure, say why in one line.
 *
 * @param {NodeJS.WritableStream & { isTTY?: boolean }} log where the progress goes
 * @returns {Promise<import('./electron-binary.mjs').ElectronBinary>}
 */
export async function ensureElectronBinary(log = process.stderr) {
  const found = findElectronBinary();
  // An override names where the binary must be: a download into node_modules would not be used.
  if (found.path || process.env.ELECTRON_OVERRIDE_DIST_PATH) return found;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { ...found, reason: `${found.reason} and ELECTRON_SKIP_BINARY_DOWNLOAD is set` };
  }
  const progress = progressLine(log);
  try {
    await download(found.version, log, progress);
  } catch (error) {
    progress.end();
    return { ...found, reason: `${found.reason} and downloading it failed: ${errorLine(error)}` };
  }
  const installed = findElectronBinary();
  return installed.path
    ? installed
    : { ...installed, reason: `${installed.reason} after downloading it` };
}

async function download(version, log, progress) {
  const { root } = electronPackage();
  // Electron's own dependencies, resolved from its folder: the versions its install.js uses.
  const require = createRequire(join(root, 'package.json'));
  const load = (name) => import(pathToFileURL(require.resolve(name)).href);
  const { downloadArtifact } = await load('@electron/get');
  const env = process.env;
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  let arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  if (platform === 'darwin' && process.platform === 'darwin' && arch === 'x64') {
    if (env.npm_config_arch === undefined && underRosetta()) arch = 'arm64';
  }
  log.write(
    `Egress Switcher: the Electron ${version} binary is not installed yet; downloading it for ${platform}-${arch} (once)\n`,
  );
  const zipPath = await downloadArtifact({
    version,
    artifactName: 'electron',
    force: env.force_no_cache === 'true',
    cacheRoot: env.electron_config_cache,
    // The checksums shipped in the package, unless asked to trust the mirror's SHASUMS256.txt.
    checksums:
      env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums
        ? undefined
        : require('./checksums.json'),
    platform,
    arch,
    // quiet: @electron/get's own bar would appear after 30 s beside this one.
    downloadOptions: { quiet: true, getProgressCallback: progress.update },
  });
  progress.end();
  // Loaded only now, as install.js does: it is a native module an OS policy may block.
  const { extract } = await load('@electron-internal/extract-zip');
  const dist = join(root, 'dist');
  await extract(zipPath, { dir: dist });
  // As install.js does: the type definitions move up beside package.json; path.txt names the
  // executable, which is what tells findElectronBinary the install is complete.
  if (existsSync(join(dist, 'electron.d.ts'))) {
    renameSync(join(dist, 'electron.d.ts'), join(root, 'electron.d.ts'));
  }
  writeFileSync(join(root, 'path.txt'), executableFor(platform));
  log.write(`Egress Switcher: Electron ${version} installed in ${dist}\n`);
}

/** Apple Silicon running an x64 Node: install.js fetches the arm64 Electron then, and so do we. */
function underRosetta() {
  try {
    return execSync('sysctl -in sysctl.proc_translated').toString().trim() === '1';
  } catch {
    return false;
  }
}

/** Progress on one line rewritten in place on a terminal, or a line every 10% in a log. */
function progressLine(log) {
  const every = log.isTTY ? 1 : 10;
  let shown = -1;
  let open = false;
  const megabytes = (bytes) => (bytes / 1e6).toFixed(1);
  return {
    update({ transferred, total, percent }) {
      const step = Math.floor((percent * 100) / every) * every;
      if (step === shown) return;
      shown = step;
      const size = `${megabytes(transferred)}${total ? ` of ${megabytes(total)}` : ''} MB`;
      log.write(log.isTTY ? `\r  ${step}% (${size})` : `  ${step}% (${size})\n`);
      open = log.isTTY;
    },
    end() {
      if (open) log.write('\n');
      open = false;
    },
  };
}

/** The error on one line, with the cause fetch hides behind "fetch failed". */
function errorLine(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : '';
  const text =
    cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message;
  return text.replace(/\s+/g, ' ').trim();
}
