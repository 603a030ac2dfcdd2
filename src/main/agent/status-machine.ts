import type { AgentSnapshot, AgentStatus } from '../../shared/agent/index.js';

/**
 * The agent's status, and the data each status carries — the whole state machine in one place.
 *
 * Allowed transitions are listed in ALLOWED below; every other one is a bug and throws.
 *
 * - starting:  connecting to the control API and enrolling; nothing can be switched yet.
 * - connected: a session works; the egress is fresh.
 * - switching: a switch is in flight (the target is shown); a newer switch replaces the target.
 * - offline:   the control API is down or too slow; the last egress is kept, marked stale, and a
 *              retry is scheduled with exponential backoff and full jitter.
 * - error:     something only the user can fix (a refused token, a removed device with no admin
 *              token); no automatic retry, a settings change or `refresh` starts over.
 */
export type StatusState =
  | { status: 'starting'; starting: { message: string } }
  | { status: 'connected' }
  | { status: 'switching'; switching: { vnet_id: string; vnet_name: string; started_at: string } }
  | {
      status: 'offline';
      offline: { since: string; last_error: string; attempt: number; next_retry_at: string | null };
    }
  | { status: 'error'; error: { code: string; message: string } };

const ALLOWED: Readonly<Record<AgentStatus, readonly AgentStatus[]>> = {
  starting: ['starting', 'connected', 'offline', 'error'],
  connected: ['connected', 'switching', 'offline', 'error', 'starting'],
  switching: ['switching', 'connected', 'offline', 'error', 'starting'],
  offline: ['offline', 'connected', 'error', 'starting'],
  error: ['error', 'starting', 'connected', 'offline'],
};

export function canTransition(from: AgentStatus, to: AgentStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** The next state, or a thrown bug report: a refused transition is a defect in the agent. */
export function transition(from: StatusState, to: StatusState): StatusState {
  if (!canTransition(from.status, to.status)) {
    throw new Error(`agent status cannot go from ${from.status} to ${to.status}`);
  }
  return to;
}

/** The snapshot fields a status owns: exactly one detail object, the one for its status. */
export function statusFields(
  state: StatusState,
): Pick<AgentSnapshot, 'status' | 'starting' | 'switching' | 'offline' | 'error'> {
  switch (state.status) {
    case 'starting':
      return { status: 'starting', starting: { ...state.starting } };
    case 'connected':
      return { status: 'connected' };
    case 'switching':
      return { status: 'switching', switching: { ...state.switching } };
    case 'offline':
      return { status: 'offline', offline: { ...state.offline } };
    case 'error':
      return { status: 'error', error: { ...state.error } };
  }
}

/** A session exists and answers: switching, verifying and what-ifs may go ahead. */
export function isOnline(state: StatusState): boolean {
  return state.status === 'connected' || state.status === 'switching';
}
