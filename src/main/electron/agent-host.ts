import type { Logger } from 'pino';
import { type AgentHealth, describeRunningAgent } from '../../shared/agent/health.js';
import type { AgentApi } from '../../shared/agent/index.js';
import { deferredAgent } from '../agent/local-api/deferred-agent.js';
import { readSocketOccupant } from '../agent/local-api/health.js';
import { createLocalAgentClient } from '../agent/local-api/local-client.js';
import { type LocalApiHandle, serveLocalApi } from '../agent/local-api/server.js';
import { AgentAlreadyRunningError } from '../agent/local-api/socket-file.js';
import { resolveSocketPath } from '../agent/local-api/socket-path.js';
import { AgentRelay } from './agent-relay.js';

/** The app's own agent: the agent core with its Electron ports. */
export interface OwnAgent extends AgentApi {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AgentHostOptions {
  /** Default: `EGRESS_SWITCHER_SOCKET`, else the user's runtime directory, as egressctl looks. */
  socketPath?: string | undefined;
  /** The app's version, for `GET /v1/health`. */
  version: string;
  logger: Logger;
  /** Makes the app's own agent; called only once the socket is the app's. */
  createAgent: () => Promise<OwnAgent>;
}

export interface AgentHost {
  /** What the tray, IPC and notifications use, whichever agent serves behind it. */
  api: AgentApi;
  /** Starts the app's own agent when it has one (a front has nothing to start). */
  start(): Promise<void>;
  /** Stops the app's own agent, then gives up the socket; a front just stops following. */
  stop(): Promise<void>;
}

type Own = { agent: OwnAgent; localApi: LocalApiHandle };

/**
 * One agent per user, whichever front started it. The app claims the LocalAPI socket before its
 * agent touches settings, secrets or the simulator, and serves egressctl there (as `egressctl
 * agent` does, under the front "desktop app"). If an agent already answers there, the app
 * becomes a front of it instead, over the LocalAPI; when that agent goes away the app claims the
 * socket and runs its own, so the tray never follows an agent that is gone.
 */
export async function hostAgent(options: AgentHostOptions): Promise<AgentHost> {
  const socketPath = resolveSocketPath(options.socketPath);
  const { logger } = options;
  let own: Own | null = null;
  let stopped = false;
  let takingOver: Promise<void> | null = null;

  /** The app's own agent, or null when another agent holds the socket. */
  async function claim(): Promise<Own | null> {
    const pending = deferredAgent();
    let localApi: LocalApiHandle;
    try {
      localApi = await serveLocalApi(pending.api, {
        ...(options.socketPath !== undefined ? { socketPath: options.socketPath } : {}),
        identity: { front: 'desktop_app', version: options.version },
        logger,
      });
    } catch (error) {
      if (error instanceof AgentAlreadyRunningError) return null;
      throw error;
    }
    try {
      const agent = await options.createAgent();
      pending.resolve(agent);
      return { agent, localApi };
    } catch (error) {
      pending.reject(error);
      await localApi.close();
      throw error;
    }
  }

  function front(of: AgentHealth | null): AgentApi {
    logger.info(
      { socket: socketPath, running: of },
      `an agent already runs (${of ? describeRunningAgent(of) : 'unnamed'}): the app is its front`,
    );
    return createLocalAgentClient({
      socketPath,
      onConnectionChange: (change) => {
        if (!change.connected) void takeOver();
      },
    }).api;
  }

  /** The followed agent's stream dropped: if it is gone for good, run the app's own. */
  function takeOver(): Promise<void> {
    takingOver ??= (async () => {
      try {
        if (stopped || own !== null) return;
        const occupant = await readSocketOccupant(socketPath);
        // Still there (restarting its stream, or another agent took its place): keep following.
        if (occupant.running || stopped) return;
        const claimed = await claim();
        if (claimed === null) return;
        if (stopped) {
          await claimed.agent.stop();
          await claimed.localApi.close();
          return;
        }
        own = claimed;
        logger.info({ socket: socketPath }, 'the agent the app followed stopped: running its own');
        relay.switchTo(claimed.agent);
        await claimed.agent.start();
      } catch (error) {
        logger.error({ err: error }, 'could not take over from the agent that stopped');
      } finally {
        takingOver = null;
      }
    })();
    return takingOver;
  }

  const occupant = await readSocketOccupant(socketPath);
  if (!occupant.running) own = await claim();
  const first: AgentApi =
    own?.agent ?? front(occupant.running ? occupant.health : await namedOccupant(socketPath));
  const relay = new AgentRelay(first);

  return {
    api: relay.api,
    start: async () => {
      await own?.agent.start();
    },
    stop: async () => {
      stopped = true;
      await takingOver;
      if (own === null) return;
      // The socket is the one-agent lock: give it up only once the agent has saved and stopped.
      await own.agent.stop();
      await own.localApi.close();
    },
  };
}

/** Who won the race to the socket (it answered while this app was claiming it). */
async function namedOccupant(socketPath: string): Promise<AgentHealth | null> {
  const occupant = await readSocketOccupant(socketPath);
  return occupant.running ? occupant.health : null;
}
