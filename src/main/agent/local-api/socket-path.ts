import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Overrides where the agent listens and where egressctl looks for it. */
export const SOCKET_PATH_ENV = 'EGRESS_SWITCHER_SOCKET';

export interface SocketPathInputs {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The user id (POSIX) or name (Windows) that makes the path per-user. */
  user?: string;
  tmp?: string;
}

function currentUser(platform: NodeJS.Platform): string {
  if (platform !== 'win32' && typeof process.getuid === 'function') return String(process.getuid());
  try {
    return userInfo().username;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? 'user';
  }
}

/**
 * Where the agent's LocalAPI lives when nothing overrides it: the user's runtime directory
 * (`$XDG_RUNTIME_DIR`, private and cleaned at logout), else a per-uid directory in the temp dir;
 * on Windows a per-user named pipe. The agent and egressctl both call this, so they agree.
 */
export function defaultSocketPath(inputs: SocketPathInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const user = inputs.user ?? currentUser(platform);
  if (platform === 'win32') {
    return `\\\\.\\pipe\\egress-switcher-${user.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  }
  const runtimeDir = env.XDG_RUNTIME_DIR;
  if (runtimeDir?.startsWith('/')) {
    return join(runtimeDir, 'egress-switcher', 'agent.sock');
  }
  return join(inputs.tmp ?? tmpdir(), `egress-switcher-${user}`, 'agent.sock');
}

/** An explicit path (e.g. `--socket`) wins, then `EGRESS_SWITCHER_SOCKET`, then the default. */
export function resolveSocketPath(explicit?: string, inputs: SocketPathInputs = {}): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const fromEnv = (inputs.env ?? process.env)[SOCKET_PATH_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return defaultSocketPath(inputs);
}

/** Named pipes have no file, mode or directory to manage. */
export function isNamedPipe(path: string): boolean {
  return path.startsWith('\\\\.\\pipe\\') || path.startsWith('\\\\?\\pipe\\');
}
