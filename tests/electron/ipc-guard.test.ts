import { describe, expect, it, vi } from 'vitest';
import {
  appUrlMatcher,
  handleAgentCall,
  type InvokeEventLike,
  SENDER_REJECTED_MESSAGE,
  senderProblem,
  type TrustedSender,
} from '../../src/main/electron/ipc-guard.js';
import { type AgentApi, AgentError } from '../../src/shared/agent/index.js';
import { snapshot } from './fixtures.js';

const APP_URL = 'app://egress/index.html';

const trusted: TrustedSender = {
  webContentsId: 3,
  mainFrame: { routingId: 1, processId: 42 },
  isAppUrl: appUrlMatcher(APP_URL),
};

function event(
  overrides: Partial<InvokeEventLike['senderFrame'] & { webContentsId: number }> = {},
): InvokeEventLike {
  const { webContentsId = 3, ...frame } = overrides;
  return {
    sender: { id: webContentsId },
    senderFrame: { url: APP_URL, routingId: 1, processId: 42, parent: null, ...frame },
  };
}

function fakeAgent(overrides: Partial<AgentApi> = {}): AgentApi {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  return {
    getState: vi.fn(async () => snapshot()),
    refresh: vi.fn(unexpected),
    switchVnet: vi.fn(unexpected),
    verify: vi.fn(unexpected),
    whatIf: vi.fn(unexpected),
    getHistory: vi.fn(unexpected),
    setLocation: vi.fn(unexpected),
    setFavourite: vi.fn(unexpected),
    updateSettings: vi.fn(unexpected),
    subscribe: vi.fn(() => () => {}),
    ...overrides,
  } as AgentApi;
}

describe('senderProblem', () => {
  it('accepts the popover main frame on the app page', () => {
    expect(senderProblem(event(), trusted)).toBeNull();
    expect(senderProblem(event({ url: 'app://egress/index.html#settings' }), trusted)).toBeNull();
  });

  it('refuses every other sender', () => {
    expect(senderProblem(event(), null)).toMatch(/no popover/);
    expect(senderProblem(event({ webContentsId: 9 }), trusted)).toMatch(/another WebContents/);
    expect(senderProblem({ sender: { id: 3 }, senderFrame: null }, trusted)).toMatch(/gone/);
    expect(senderProblem(event({ parent: {} }), trusted)).toMatch(/subframe/);
    expect(senderProblem(event({ routingId: 2 }), trusted)).toMatch(/other than the popover/);
    expect(senderProblem(event({ processId: 43 }), trusted)).toMatch(/other than the popover/);
    expect(senderProblem(event({ url: 'https://evil.example/' }), trusted)).toMatch(
      /unexpected page/,
    );
    expect(senderProblem(event({ url: 'file:///tmp/index.html' }), trusted)).toMatch(
      /unexpected page/,
    );
  });
});

describe('appUrlMatcher', () => {
  it('matches scheme and host exactly', () => {
    const isApp = appUrlMatcher(APP_URL);
    expect(isApp('app://egress/assets/x.js')).toBe(true);
    expect(isApp('app://egress.evil/index.html')).toBe(false);
    expect(isApp('app://other/index.html')).toBe(false);
    expect(isApp('http://egress/index.html')).toBe(false);
    expect(isApp('not a url')).toBe(false);
    const dev = appUrlMatcher('http://localhost:5173/');
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('http://user:pw@localhost:5173/')).toBe(false);
  });
});

describe('handleAgentCall', () => {
  it('answers a trusted, valid call with the agent result as data', async () => {
    const agent = fakeAgent();
    const outcome = await handleAgentCall(
      'getState',
      event(),
      {},
      { agent, trusted: () => trusted },
    );
    expect(outcome).toEqual({ ok: true, value: snapshot() });
    expect(agent.getState).toHaveBeenCalledWith({});
  });

  it('passes the parsed request (trimmed by the schema) to the agent', async () => {
    const switchVnet = vi.fn(async () => ({
      egress: snapshot().egress,
      verification: null,
      duration_ms: 3,
    }));
    const agent = fakeAgent({ switchVnet } as Partial<AgentApi>);
    const outcome = await handleAgentCall(
      'switchVnet',
      event(),
      { vnet: '  vnet-London ' },
      { agent, trusted: () => trusted },
    );
    expect(outcome.ok).toBe(true);
    expect(switchVnet).toHaveBeenCalledWith({ vnet: 'vnet-London' });
  });

  it('refuses a wrong frame without calling the agent, and reports why', async () => {
    const agent = fakeAgent();
    const onRejectedSender = vi.fn();
    const outcome = await handleAgentCall(
      'getState',
      event({ routingId: 99 }),
      {},
      {
        agent,
        trusted: () => trusted,
        onRejectedSender,
      },
    );
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: SENDER_REJECTED_MESSAGE },
    });
    expect(agent.getState).not.toHaveBeenCalled();
    expect(onRejectedSender).toHaveBeenCalledWith(
      'getState',
      expect.stringMatching(/other than the popover/),
    );
  });

  it('answers invalid_request for an invalid payload without calling the agent', async () => {
    const agent = fakeAgent();
    for (const payload of [
      { vnet: '' },
      { vnet: 42 },
      { vnet: 'x', extra: true },
      'vnet-London',
      null,
    ]) {
      const outcome = await handleAgentCall('switchVnet', event(), payload, {
        agent,
        trusted: () => trusted,
      });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.code).toBe('invalid_request');
        expect(outcome.error.message).toMatch(/^Invalid switchVnet request: /);
      }
    }
    expect(agent.switchVnet).not.toHaveBeenCalled();
  });

  it('names the offending field', async () => {
    const outcome = await handleAgentCall(
      'switchVnet',
      event(),
      { vnet: 'x', verify: 'yes' },
      {
        agent: fakeAgent(),
        trusted: () => trusted,
      },
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain('verify');
  });

  it('maps an AgentError to its body, suggestions included', async () => {
    const agent = fakeAgent({
      switchVnet: vi.fn(async () => {
        throw new AgentError('not_found', 'no vnet "vnet-Londn"', ['vnet-London']);
      }),
    } as Partial<AgentApi>);
    const outcome = await handleAgentCall(
      'switchVnet',
      event(),
      { vnet: 'vnet-Londn' },
      { agent, trusted: () => trusted },
    );
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no vnet "vnet-Londn"', suggestions: ['vnet-London'] },
    });
    // Structured-cloneable data: what Electron IPC can carry whole.
    expect(structuredClone(outcome)).toEqual(outcome);
  });

  it('maps anything else thrown to internal', async () => {
    const agent = fakeAgent({
      refresh: vi.fn(async () => Promise.reject(new TypeError('boom'))),
    } as Partial<AgentApi>);
    const outcome = await handleAgentCall('refresh', event(), undefined, {
      agent,
      trusted: () => trusted,
    });
    expect(outcome).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });
});
