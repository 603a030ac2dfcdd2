import { describe, expect, it } from 'vitest';
import { selectBridge } from '../../src/renderer/bridge/bridge-config.js';
import {
  describeError,
  describeLinkProblem,
  isSuperseded,
} from '../../src/renderer/lib/error-text.js';
import { historyFileName, historyToJson } from '../../src/renderer/lib/export-files.js';
import { AgentError } from '../../src/shared/agent/errors.js';
import { historyToCsv } from '../../src/shared/agent/history.js';

const params = (query: string) => new URLSearchParams(query);

describe('selectBridge', () => {
  it('uses the URL’s loopback bridge and token first', () => {
    expect(selectBridge(params('bridge=http://127.0.0.1:4123/&token=t1'), null, true)).toEqual({
      kind: 'http',
      baseUrl: 'http://127.0.0.1:4123',
      token: 't1',
    });
  });
  it('falls back to the remembered bridge, then the preload, then none', () => {
    const remembered = { bridge: 'http://localhost:9', token: 'old' };
    expect(selectBridge(params(''), remembered, true)).toMatchObject({
      kind: 'http',
      token: 'old',
    });
    expect(selectBridge(params(''), null, true)).toEqual({ kind: 'preload' });
    expect(selectBridge(params(''), null, false)).toEqual({ kind: 'none' });
  });
  it('never pairs a new bridge with an old token', () => {
    const remembered = { bridge: 'http://127.0.0.1:1', token: 'old' };
    const config = selectBridge(params('bridge=http://127.0.0.1:2'), remembered, false);
    expect(config).toMatchObject({ kind: 'none', problem: expect.stringMatching(/token/) });
  });
  it('refuses bridges off this machine or not http', () => {
    for (const bridge of [
      'http://192.168.1.5:80',
      'https://127.0.0.1:1',
      'file:///etc',
      'nonsense',
    ]) {
      const config = selectBridge(
        params(`bridge=${encodeURIComponent(bridge)}&token=t`),
        null,
        true,
      );
      expect(config.kind, bridge).toBe('none');
    }
  });
});

describe('describeError', () => {
  it('frames the agent’s message by what the user was doing', () => {
    const error = new AgentError('not_found', 'no virtual network named "lodnon"', ['vnet-London']);
    expect(describeError(error, 'switch')).toBe(
      'Couldn\'t switch: No virtual network named "lodnon". Did you mean vnet-London?',
    );
  });
  it('recognises errors by shape, as they arrive over IPC', () => {
    const plain = { code: 'control_api_unreachable', message: 'ECONNREFUSED' };
    expect(describeError(plain, 'verify')).toMatch(
      /^Couldn't verify: the control API can't be reached/,
    );
    expect(describeError(new TypeError('Failed to fetch'))).toMatch(/agent isn't answering/);
    expect(describeError(new Error('boom'))).toBe('Boom.');
  });
  it('relays a refusal as the agent named it, whichever backend refused', () => {
    const warp = {
      code: 'control_api_error',
      message: 'warp-cli refused to switch: the WARP client is not connected',
    };
    expect(describeError(warp, 'switch')).toBe(
      "Couldn't switch: warp-cli refused to switch: the WARP client is not connected.",
    );
    const control = { code: 'control_api_error', message: 'the control API said: rule busy' };
    expect(describeError(control, 'switch')).toBe(
      "Couldn't switch: The control API said: rule busy.",
    );
  });
  it('stays silent for a superseded request', () => {
    const superseded = new AgentError('superseded', 'a newer switch replaced this one');
    expect(isSuperseded(superseded)).toBe(true);
    expect(describeError(superseded, 'switch')).toBeNull();
    expect(isSuperseded({ code: 'internal', message: 'x' })).toBe(false);
  });
});

describe('describeLinkProblem', () => {
  it('says what to do rather than how the transport failed', () => {
    expect(
      describeLinkProblem(new AgentError('agent_unreachable', 'stream: Failed to fetch')),
    ).toMatch(/Is the agent running\?/);
    expect(describeLinkProblem(new AgentError('unauthorized', 'Wrong bearer token.'))).toMatch(
      /refused this page’s token/,
    );
    expect(describeLinkProblem(new Error('odd'))).toBe('Odd.');
  });
});

describe('history export', () => {
  it('names files by local time, sortable and without colons', () => {
    expect(historyFileName('csv', new Date(2025, 2, 4, 9, 5))).toBe(
      'egress-history-2025-03-04-0905.csv',
    );
    expect(historyFileName('json', new Date(2025, 11, 31, 23, 59))).toBe(
      'egress-history-2025-12-31-2359.json',
    );
  });
  it('keeps every entry in JSON, as given, and CSV stays the shared format', () => {
    const entry = {
      id: 'h1',
      at: '2025-03-04T14:00:00.000Z',
      origin: 'popover' as const,
      from: null,
      to: { id: 'v', name: 'vnet-US-East' },
      egress: {
        ipv4: '198.51.100.40',
        ipv6: null,
        colo: 'IAD',
        city: 'Washington, D.C.',
        country: 'US',
        kind: 'dedicated' as const,
      },
      decided_by: 'rule Egress US-East',
      fallback_used: false,
      duration_ms: 12.34,
      verification: null,
    };
    const json = JSON.parse(historyToJson([entry], new Date('2025-03-04T15:00:00Z')));
    expect(json).toEqual({ exported_at: '2025-03-04T15:00:00.000Z', entries: [entry] });
    expect(historyToCsv([entry])).toContain('"Washington, D.C."');
  });
});
