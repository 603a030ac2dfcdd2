import { describe, expect, it, vi } from 'vitest';
import { appUrlMatcher, handleAgentCall } from '../../src/main/electron/ipc-guard.js';
import {
  bridgedError,
  createAgentBridge,
  type OnSnapshot,
} from '../../src/preload/agent-bridge.js';
import { AGENT_COMMAND_NAMES } from '../../src/shared/agent/command-binding.js';
import {
  type AgentApi,
  type AgentCommandName,
  AgentError,
  type AgentSnapshot,
  agentCommands,
} from '../../src/shared/agent/index.js';
import { AGENT_STATE_CHANNEL, commandChannel } from '../../src/shared/agent/ipc-channels.js';
import { snapshot } from './fixtures.js';

function pushChannel() {
  const listeners = new Set<(s: AgentSnapshot) => void>();
  const onSnapshot: OnSnapshot = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const push = (s: AgentSnapshot) => {
    for (const listener of listeners) listener(s);
  };
  return { onSnapshot, push, listeners };
}

const toError = (body: Parameters<typeof AgentError.fromBody>[0]) => AgentError.fromBody(body);

describe('AGENT_COMMAND_NAMES', () => {
  it('lists exactly the contract commands (the preload builds its API from it)', () => {
    expect([...AGENT_COMMAND_NAMES].sort()).toEqual(Object.keys(agentCommands).sort());
  });
});

describe('createAgentBridge', () => {
  it('has exactly the contract commands plus subscribe', () => {
    const api = createAgentBridge({ toError, invoke: vi.fn(), onSnapshot: () => () => {} });
    expect(Object.keys(api).sort()).toEqual([...Object.keys(agentCommands), 'subscribe'].sort());
  });

  it('invokes agent:<name> with the request and unwraps the value', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: ['v-lon'] }));
    const api = createAgentBridge({ toError, invoke, onSnapshot: () => () => {} });
    await expect(api.setFavourite({ vnet: 'v-lon', favourite: true })).resolves.toEqual(['v-lon']);
    expect(invoke).toHaveBeenCalledWith('agent:setFavourite', { vnet: 'v-lon', favourite: true });
    await api.getState({});
    expect(invoke).toHaveBeenLastCalledWith(commandChannel('getState'), {});
  });

  it('throws an AgentError carrying code and suggestions', async () => {
    const invoke = vi.fn(async () => ({
      ok: false,
      error: { code: 'not_found', message: 'no such vnet', suggestions: ['vnet-London'] },
    }));
    const api = createAgentBridge({ toError, invoke, onSnapshot: () => () => {} });
    const error = await api.switchVnet({ vnet: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect(error).toMatchObject({
      code: 'not_found',
      message: 'no such vnet',
      suggestions: ['vnet-London'],
    });
  });

  it('in the page, rejects with a plain object that survives contextBridge copying', async () => {
    const invoke = vi.fn(async () => ({
      ok: false,
      error: { code: 'superseded', message: 'a newer switch won' },
    }));
    const api = createAgentBridge({ invoke, onSnapshot: () => () => {}, toError: bridgedError });
    const error = await api.switchVnet({ vnet: 'x' }).catch((e: unknown) => e);
    expect(error).toEqual({
      name: 'AgentError',
      code: 'superseded',
      message: 'a newer switch won',
    });
    expect(Object.getPrototypeOf(error)).toBe(Object.prototype);
  });

  it('reports a malformed answer as internal rather than returning it', async () => {
    const api = createAgentBridge({
      toError,
      invoke: vi.fn(async () => 'nonsense'),
      onSnapshot: () => () => {},
    });
    await expect(api.refresh({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('subscribe: the current snapshot first, then pushes, never an older one', async () => {
    const channel = pushChannel();
    let answer: (value: unknown) => void = () => {};
    const invoke = vi.fn(
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    const api = createAgentBridge({ toError, invoke, onSnapshot: channel.onSnapshot });
    const seen: number[] = [];
    const stop = api.subscribe((s) => seen.push(s.seq));
    expect(invoke).toHaveBeenCalledWith(commandChannel('getState'), {});
    // A push overtakes the initial read; the read then answers with an older snapshot.
    channel.push(snapshot({ seq: 10 }));
    answer({ ok: true, value: snapshot({ seq: 9 }) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    channel.push(snapshot({ seq: 10 })); // a repeat is dropped too
    channel.push(snapshot({ seq: 12 }));
    expect(seen).toEqual([10, 12]);
    stop();
    channel.push(snapshot({ seq: 13 }));
    expect(seen).toEqual([10, 12]);
    expect(channel.listeners.size).toBe(0);
  });

  it('round-trips through the IPC guard as Electron would carry it (structured clones)', async () => {
    const agent = {
      getState: vi.fn(async () => snapshot()),
      switchVnet: vi.fn(async () => {
        throw new AgentError('control_api_unreachable', 'ECONNREFUSED 127.0.0.1:1');
      }),
    } as unknown as AgentApi;
    const trusted = {
      webContentsId: 1,
      mainFrame: { routingId: 1, processId: 1 },
      isAppUrl: appUrlMatcher('app://egress/index.html'),
    };
    const invoke = async (channel: string, request: unknown) => {
      const name = channel.slice('agent:'.length) as AgentCommandName;
      const event = {
        sender: { id: 1 },
        senderFrame: { url: 'app://egress/index.html', routingId: 1, processId: 1, parent: null },
      };
      const outcome = await handleAgentCall(name, event, structuredClone(request), {
        agent,
        trusted: () => trusted,
      });
      return structuredClone(outcome);
    };
    const api = createAgentBridge({ toError, invoke, onSnapshot: () => () => {} });
    await expect(api.getState({})).resolves.toEqual(snapshot());
    await expect(api.switchVnet({ vnet: 'vnet-London' })).rejects.toMatchObject({
      code: 'control_api_unreachable',
      message: 'ECONNREFUSED 127.0.0.1:1',
    });
    await expect(api.switchVnet({ vnet: '' } as never)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(agent.switchVnet).toHaveBeenCalledTimes(1);
    expect(AGENT_STATE_CHANNEL).toBe('agent:state');
  });
});
