import {
  type AgentApi,
  type AgentFeeds,
  type AgentSnapshot,
  agentApiFrom,
  type ConnectionEntry,
} from '../../../shared/agent/index.js';

type AnyCommand = (request: unknown) => Promise<unknown>;

export interface DeferredAgent {
  /** Serve this from the start: calls wait for the agent, and fail as it failed to start. */
  api: AgentApi;
  resolve(agent: AgentApi): void;
  reject(error: unknown): void;
}

/**
 * An `AgentApi` that exists before its agent does. The LocalAPI claims the socket (the "one agent
 * per user" lock) before the agent reads its settings or starts a simulator, so for a moment it
 * serves an agent still being made: a command meanwhile waits for it, a subscription begins
 * once it exists.
 */
export function deferredAgent(): DeferredAgent {
  let resolve!: (agent: AgentApi) => void;
  let reject!: (error: unknown) => void;
  const ready = new Promise<AgentApi>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting when it fails; the failure is reported where it happened.
  ready.catch(() => undefined);

  const feeds: AgentFeeds = {
    subscribe(listener: (snapshot: AgentSnapshot) => void): () => void {
      let unsubscribe: (() => void) | null = null;
      let closed = false;
      void ready.then(
        (agent) => {
          if (!closed) unsubscribe = agent.subscribe(listener);
        },
        () => undefined,
      );
      return () => {
        closed = true;
        unsubscribe?.();
      };
    },
    subscribeConnections(listener: (entry: ConnectionEntry) => void): () => void {
      let unsubscribe: (() => void) | undefined;
      let closed = false;
      void ready.then(
        (agent) => {
          if (!closed) unsubscribe = agent.subscribeConnections?.(listener);
        },
        () => undefined,
      );
      return () => {
        closed = true;
        unsubscribe?.();
      };
    },
  };
  const api = agentApiFrom(async (name, request) => {
    const agent = await ready;
    return (agent[name] as AnyCommand).call(agent, request);
  }, feeds);
  return { api, resolve, reject };
}
