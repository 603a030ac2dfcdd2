import type { SwitchResult } from '../../shared/agent/commands.js';
import type { AgentSnapshot, EgressSnapshot, Verification } from '../../shared/agent/state.js';

/** The agent's answer to this popover's newest switch, and the snapshot shown when it came. */
export interface SwitchAnswer {
  vnetId: string;
  result: SwitchResult;
  seq: number;
}

export interface DisplayState {
  egress: EgressSnapshot | null;
  verification: Verification | null;
  /** The vnet a switch is on its way to (ours or another front's), shown with progress. */
  switchingId: string | null;
}

/**
 * What the card and list show. The snapshot is the truth, with two refinements for speed:
 * a click shows progress at once (before the agent's "switching" snapshot arrives), and the
 * agent's answer to our switch is shown as soon as it lands — until any newer snapshot does, or
 * until the snapshot has caught up with it.
 */
export function displayState(
  snapshot: AgentSnapshot,
  pendingId: string | null,
  answer: SwitchAnswer | null,
): DisplayState {
  const caughtUp =
    answer !== null &&
    snapshot.status !== 'switching' &&
    snapshot.egress?.vnet_id === answer.vnetId;
  const useAnswer = answer !== null && answer.seq === snapshot.seq && !caughtUp;
  const egress = useAnswer ? answer.result.egress : snapshot.egress;
  const verification = useAnswer ? answer.result.verification : snapshot.verification;

  let switchingId: string | null = null;
  if (pendingId !== null && egress?.vnet_id !== pendingId) switchingId = pendingId;
  else if (pendingId === null && !useAnswer && snapshot.status === 'switching') {
    switchingId = snapshot.switching?.vnet_id ?? null;
  }
  return { egress, verification, switchingId };
}
