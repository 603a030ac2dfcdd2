import { chmodSync, lstatSync, mkdirSync, rmSync, type Stats, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { type AgentHealth, describeRunningAgent } from '../../../shared/agent/health.js';
import { readSocketOccupant } from './health.js';
import { isNamedPipe } from './socket-path.js';

/** Thrown when a live agent already answers on the socket: two agents must not share state. */
export class AgentAlreadyRunningError extends Error {
  readonly socketPath: string;
  /** The running agent as it named itself; null when it did not answer its health check. */
  readonly running: AgentHealth | null;

  constructor(socketPath: string, running: AgentHealth | null = null) {
    const who = running ? ` (${describeRunningAgent(running)}, version ${running.version})` : '';
    const stop =
      running?.front === 'desktop_app'
        ? 'Quit the desktop app first'
        : 'Stop it first (egressctl agent stop)';
    super(
      `Another Egress Switcher agent is already running on ${socketPath}${who}. ` +
        `${stop}, or give this one another socket (--socket or EGRESS_SWITCHER_SOCKET).`,
    );
    this.name = 'AgentAlreadyRunningError';
    this.socketPath = socketPath;
    this.running = running;
  }
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

const CLAIM_LOCK_WAIT_MS = 20_000;
/** Longer than any claim takes (a 2 s health check and a listen): older means its holder died. */
const CLAIM_LOCK_STALE_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Serialises claims of one socket path: "is a live agent there? no: remove its stale socket and
 * listen" is three steps, and two agents starting at once must not both see "stale" and each
 * remove the other's fresh socket. `mkdir` is atomic; a lock whose holder died is broken after
 * {@link CLAIM_LOCK_STALE_MS}.
 */
async function withClaimLock<T>(socketPath: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${socketPath}.lock`;
  const deadline = Date.now() + CLAIM_LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock, { mode: 0o700 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = statOrNull(lock);
      if (held && Date.now() - held.mtimeMs > CLAIM_LOCK_STALE_MS) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`Another agent has been claiming ${socketPath} for too long (${lock}).`);
      }
      await sleep(25);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function refuseIfOccupied(socketPath: string): Promise<void> {
  const occupant = await readSocketOccupant(socketPath);
  if (occupant.running) throw new AgentAlreadyRunningError(socketPath, occupant.health);
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
}

/**
 * Makes `socketPath` this agent's, atomically: a private directory, no live agent there (one
 * that is gets named in the error), a socket left by a dead one removed, then `listen()` — all
 * under a claim lock, so of two agents started at once exactly one gets the socket and the other
 * an {@link AgentAlreadyRunningError}. Called before the agent touches any shared state, so the
 * socket doubles as the "one agent per user" lock. Returns the socket's inode (see
 * {@link removeOwnSocket}).
 */
export async function claimSocketPath(
  socketPath: string,
  options: { privateDir: boolean },
  listen: () => Promise<void>,
): Promise<number | null> {
  const listenOrRefuse = async () => {
    try {
      await listen();
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
      const occupant = await readSocketOccupant(socketPath);
      throw new AgentAlreadyRunningError(socketPath, occupant.running ? occupant.health : null);
    }
  };
  if (isNamedPipe(socketPath)) {
    // The pipe's first instance is exclusive (a second listen gets EADDRINUSE): no file to race on.
    await refuseIfOccupied(socketPath);
    await listenOrRefuse();
    return null;
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
  return withClaimLock(socketPath, async () => {
    const existing = statOrNull(socketPath);
    if (existing !== null) {
      if (!existing.isSocket()) {
        throw new Error(
          `${socketPath} exists and is not a socket; remove it or choose another path.`,
        );
      }
      await refuseIfOccupied(socketPath);
      unlinkSync(socketPath);
    }
    await listenOrRefuse();
    // The private directory keeps others out between listen() and this chmod.
    restrictSocket(socketPath);
    return socketInode(socketPath);
  });
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
