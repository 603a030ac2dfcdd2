import { chmodSync, lstatSync, mkdirSync, type Stats, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { isNamedPipe } from './socket-path.js';

/** Thrown when a live agent already answers on the socket: two agents must not share state. */
export class AgentAlreadyRunningError extends Error {
  readonly socketPath: string;

  constructor(socketPath: string) {
    super(
      `Another Egress Switcher agent is already running on ${socketPath}. ` +
        'Stop it first, or give this one another socket (--socket or EGRESS_SWITCHER_SOCKET).',
    );
    this.name = 'AgentAlreadyRunningError';
    this.socketPath = socketPath;
  }
}

/** Whether something accepts connections on the socket (a refused or missing one is dead). */
export function probeSocket(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      // Accepting but silent is still alive: a second agent would steal its clients.
      resolve(true);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(false);
      else reject(new Error(`Cannot check ${socketPath}: ${error.message}`, { cause: error }));
    });
  });
}

function statOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Makes the socket's directory private to this user. A directory we create gets 0700; an
 * existing one must be ours (in a shared temp dir another user could have planted it) and, when
 * `tighten` (the default location, which only we use), is set to 0700 too.
 */
function preparePrivateDir(dir: string, tighten: boolean): void {
  const existing = statOrNull(dir);
  if (existing === null) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    return;
  }
  if (!existing.isDirectory()) throw new Error(`${dir} exists and is not a directory.`);
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  if (uid !== null && existing.uid !== uid) {
    throw new Error(`${dir} belongs to another user (uid ${existing.uid}); refusing to use it.`);
  }
  if (tighten && (existing.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
}

/**
 * Gets `socketPath` ready to listen on: a private directory, and no file in the way. A socket
 * left by a dead agent is removed; a live agent, or a file that is not a socket, is an error.
 */
export async function prepareSocketPath(
  socketPath: string,
  options: { privateDir: boolean },
): Promise<void> {
  if (isNamedPipe(socketPath)) {
    if (await probeSocket(socketPath)) throw new AgentAlreadyRunningError(socketPath);
    return;
  }
  const limit = process.platform === 'linux' ? 107 : 103;
  const length = new TextEncoder().encode(socketPath).length;
  if (length > limit) {
    throw new Error(
      `The socket path ${socketPath} is ${length} bytes; Unix sockets allow ${limit}. ` +
        'Choose a shorter one with --socket or EGRESS_SWITCHER_SOCKET.',
    );
  }
  preparePrivateDir(dirname(socketPath), options.privateDir);
  const existing = statOrNull(socketPath);
  if (existing === null) return;
  if (!existing.isSocket()) {
    throw new Error(`${socketPath} exists and is not a socket; remove it or choose another path.`);
  }
  if (await probeSocket(socketPath)) throw new AgentAlreadyRunningError(socketPath);
  unlinkSync(socketPath);
}

/** Only this user may connect: the socket is the agent's whole authentication. */
export function restrictSocket(socketPath: string): void {
  if (!isNamedPipe(socketPath)) chmodSync(socketPath, 0o600);
}

/** Removes the socket file if it is still the one we created (a successor may own the path). */
export function removeOwnSocket(socketPath: string, inode: number | null): void {
  if (isNamedPipe(socketPath) || inode === null) return;
  const current = statOrNull(socketPath);
  if (current?.isSocket() && current.ino === inode) unlinkSync(socketPath);
}

export function socketInode(socketPath: string): number | null {
  if (isNamedPipe(socketPath)) return null;
  return statOrNull(socketPath)?.ino ?? null;
}
