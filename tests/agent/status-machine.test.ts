import { describe, expect, it } from 'vitest';
import {
  canTransition,
  type StatusState,
  statusFields,
  transition,
} from '../../src/main/agent/status-machine.js';
import { AgentSnapshot, AgentStatus } from '../../src/shared/agent/index.js';

const at = '2030-01-01T00:00:00.000Z';
const states: Record<AgentStatus, StatusState> = {
  starting: { status: 'starting', starting: { message: 'connecting' } },
  connected: { status: 'connected' },
  switching: { status: 'switching', switching: { vnet_id: 'v', vnet_name: 'n', started_at: at } },
  offline: {
    status: 'offline',
    offline: { since: at, last_error: 'down', attempt: 1, next_retry_at: at },
  },
  error: { status: 'error', error: { code: 'unauthorized', message: 'bad token' } },
};

describe('the status state machine', () => {
  it('refuses to switch unless connected, and never jumps from starting to switching', () => {
    for (const from of AgentStatus.options) {
      expect(canTransition(from, 'switching'), from).toBe(
        from === 'connected' || from === 'switching',
      );
    }
    expect(() => transition(states.offline, states.switching)).toThrow(/offline to switching/);
  });

  it('lets every status reach offline or error except what makes no sense', () => {
    for (const from of AgentStatus.options) {
      expect(canTransition(from, 'error'), from).toBe(true);
      expect(canTransition(from, 'offline'), from).toBe(true);
    }
  });

  it('gives each status exactly its own detail object, valid in the snapshot schema', () => {
    const details = ['starting', 'switching', 'offline', 'error'] as const;
    for (const status of AgentStatus.options) {
      const fields = statusFields(states[status]);
      expect(fields.status).toBe(status);
      for (const detail of details) {
        expect(detail in fields, `${status}.${detail}`).toBe(detail === status);
      }
      expect(
        AgentSnapshot.pick({
          status: true,
          starting: true,
          switching: true,
          offline: true,
          error: true,
        }).parse(fields),
      ).toEqual(fields);
    }
  });
});
