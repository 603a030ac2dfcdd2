import { join } from 'node:path';
import envPaths from 'env-paths';
import type { CodeCacheTarget } from './code-cache.js';

/**
 * egressctl's commands (and aliases) as program.ts defines them; a test keeps the two in step.
 * Each gets its own code cache, because each compiles different code: a cache written by
 * `egressctl --version` would leave `status` compiling most of its code on every run.
 */
export const CACHED_COMMANDS: ReadonlySet<string> = new Set([
  'status',
  'vnet',
  'verify',
  'resolve',
  'history',
  'watch',
  'location',
  'favourite',
  'favorite',
  'agent',
  'schema',
  'label-ip',
  'connections',
  'proxy',
  'exec',
]);

const HELP_FLAGS = new Set(['-h', '--help', '-V', '--version', 'help']);

/**
 * Which code cache a run uses: under `$EGRESS_SWITCHER_HOME/cache` when that is set (tests, CI),
 * else the platform's per-user cache directory; none with `NODE_DISABLE_COMPILE_CACHE` set (the
 * switch Node 22 reads for its own compile cache).
 */
export function codeCacheTarget(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CodeCacheTarget | null {
  if (env.NODE_DISABLE_COMPILE_CACHE) return null;
  const dir = env.EGRESS_SWITCHER_HOME
    ? join(env.EGRESS_SWITCHER_HOME, 'cache')
    : envPaths('egress-switcher', { suffix: '' }).cache;
  const args = argv.slice(2);
  if (args.some((arg) => HELP_FLAGS.has(arg))) return { dir, name: 'help' };
  const command = args.find((arg) => !arg.startsWith('-'));
  return { dir, name: command !== undefined && CACHED_COMMANDS.has(command) ? command : 'other' };
}
