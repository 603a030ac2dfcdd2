import { codeCacheTarget } from './cache-target.js';
import { runWithCodeCache } from './code-cache.js';

/** The SHA-256 of dist/cli/egressctl.cjs, written in by scripts/build-cli.mjs. */
declare const EGRESSCTL_BUNDLE_SHA256: string;

/**
 * What bin/egressctl.cjs calls: built by scripts/build-cli.mjs to dist/cli/launcher.cjs, next to
 * the CLI bundle it runs with a V8 code cache.
 */
export function launch(bundlePath: string): void {
  runWithCodeCache(bundlePath, EGRESSCTL_BUNDLE_SHA256, codeCacheTarget(process.argv, process.env));
}
