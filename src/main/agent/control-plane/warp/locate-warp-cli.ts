import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { WarpCliError } from './warp-cli-error.js';

/** Where Cloudflare's installers put warp-cli (facts §5a), per platform. */
export function installPaths(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Cloudflare WARP.app/Contents/Resources/warp-cli',
      '/usr/local/bin/warp-cli',
    ];
  }
  if (platform === 'win32') return ['C:\\Program Files\\Cloudflare\\Cloudflare WARP\\warp-cli.exe'];
  return ['/usr/bin/warp-cli', '/bin/warp-cli'];
}

function runnable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface LocateOptions {
  /** `--warp-cli PATH` / the setting: only this file is tried. */
  explicit?: string | null | undefined;
  pathEnv?: string | undefined;
  platform?: NodeJS.Platform;
}

/**
 * The warp-cli to run: the one named, else the first on PATH, else the installers' own paths.
 * Throws WarpCliError `not_installed` naming every place it looked.
 */
export function locateWarpCli(options: LocateOptions = {}): string {
  const platform = options.platform ?? process.platform;
  if (options.explicit) {
    if (runnable(options.explicit)) return options.explicit;
    throw new WarpCliError(
      'not_installed',
      `warp-cli was not found at ${options.explicit} (or it is not executable): install the ` +
        'Cloudflare One (WARP) client, or point --warp-cli / the setting at its warp-cli',
    );
  }
  const name = platform === 'win32' ? 'warp-cli.exe' : 'warp-cli';
  const onPath = (options.pathEnv ?? process.env.PATH ?? '')
    .split(platform === 'win32' ? ';' : delimiter)
    .filter((dir) => dir.length > 0)
    .map((dir) => join(dir, name));
  const candidates = [...onPath, ...installPaths(platform)];
  const found = candidates.find(runnable);
  if (found) return found;
  throw new WarpCliError(
    'not_installed',
    `warp-cli is not installed: looked on PATH and at ${installPaths(platform).join(', ')}. ` +
      'Install the Cloudflare One (WARP) client, or give its path with --warp-cli',
  );
}
