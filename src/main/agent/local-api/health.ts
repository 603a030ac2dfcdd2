import type { FastifyInstance } from 'fastify';
import { AGENT_HEALTH_PATH } from '../../../shared/agent/commands.js';
import { type AgentFront, AgentHealth } from '../../../shared/agent/health.js';
import { createSocketFetch } from './socket-fetch.js';

/** Who this agent is, for `GET /v1/health`. */
export interface AgentIdentity {
  front: AgentFront;
  version: string;
}

/** Answers `GET /v1/health` with the serving process's pid, front, version and socket. */
export function registerHealthRoute(
  app: FastifyInstance,
  identity: AgentIdentity,
  socket: string | null,
): void {
  const body: AgentHealth = {
    status: 'ok',
    pid: process.pid,
    front: identity.front,
    version: identity.version,
    socket,
  };
  app.get(AGENT_HEALTH_PATH, async () => body);
}

/**
 * What answers on a socket: nothing (no file, or nobody accepting), an agent that named itself,
 * or something alive that did not (an older agent, a frozen one): still alive, so still in the way.
 */
export type SocketOccupant =
  | { running: false }
  | { running: true; health: AgentHealth }
  | { running: true; health: null; problem: string };

const NOBODY = new Set(['ENOENT', 'ECONNREFUSED']);

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Asks the socket's agent who it is; bounded by `timeoutMs`. */
export async function readSocketOccupant(
  socketPath: string,
  timeoutMs = 2000,
): Promise<SocketOccupant> {
  const fetch = createSocketFetch(socketPath);
  let text: string;
  try {
    const response = await fetch(`http://agent.local${AGENT_HEALTH_PATH}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const code = causeCode(error);
    if (code !== undefined && NOBODY.has(code)) return { running: false };
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    if (timedOut) return { running: true, health: null, problem: `no answer in ${timeoutMs} ms` };
    // Anything else (EACCES, a reset) means something is there that we cannot talk to.
    return { running: true, health: null, problem: code ?? String(error) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { running: true, health: null, problem: 'its health answer is not JSON' };
  }
  const parsed = AgentHealth.safeParse(json);
  if (!parsed.success) {
    return { running: true, health: null, problem: 'its health answer does not name it' };
  }
  return { running: true, health: parsed.data };
}
