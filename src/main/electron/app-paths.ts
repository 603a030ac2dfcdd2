import { join } from 'node:path';
import { APP_ENTRY_URL } from './app-pages.js';

/** Where the built pieces are, relative to the bundled main (`out/main/index.js`). */
export interface AppPaths {
  preload: string;
  /** The built renderer, served on `app://egress/`. */
  rendererRoot: string;
  /** The local simulator's utility-process entry. */
  simulatorModule: string;
  assets: string;
  /** The page the popover loads. */
  entryUrl: string;
  /** Set in development only: the electron-vite dev server's origin. */
  devServerOrigin: string | undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server URL electron-vite passes in `ELECTRON_RENDERER_URL`, honoured only when the
 * app is not packaged and only on loopback: whatever page the popover loads gets the agent
 * bridge, so an environment variable must never point a shipped app at another site.
 */
export function devServerUrl(
  env: Readonly<Record<string, string | undefined>>,
  packaged: boolean,
): string | undefined {
  const raw = env.ELECTRON_RENDERER_URL;
  if (packaged || !raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

export function appPaths(options: {
  mainDir: string;
  appPath: string;
  env: Readonly<Record<string, string | undefined>>;
  packaged: boolean;
}): AppPaths {
  const dev = devServerUrl(options.env, options.packaged);
  return {
    preload: join(options.mainDir, '..', 'preload', 'index.cjs'),
    rendererRoot: join(options.mainDir, '..', 'renderer'),
    simulatorModule: join(options.mainDir, 'simulator.js'),
    assets: join(options.appPath, 'assets'),
    entryUrl: dev ?? APP_ENTRY_URL,
    devServerOrigin: dev ? new URL(dev).origin : undefined,
  };
}
