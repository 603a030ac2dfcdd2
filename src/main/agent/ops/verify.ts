import { AgentError, type EgressSnapshot, type Verification } from '../../../shared/agent/index.js';
import { ControlApiError, ErrorCode } from '../../../shared/api/index.js';
import { compareWarpTrace } from '../control-plane/warp/warp-verification.js';
import { withVerification } from '../history-log.js';
import { isoAt } from '../ports/clock.js';
import { compareTrace, failedVerification } from '../verification.js';
import { observeThroughProxy } from './observe-through-proxy.js';
import type { OperationDeps } from './operation-deps.js';

/**
 * Checks what a destination sees against `expected` (default: the current egress): with our
 * control plane, by fetching the verify URL through the local proxy (an observation of real
 * traffic); otherwise by asking the backend's `/cdn-cgi/trace`. The result is kept in the
 * snapshot and on the newest history entry for that vnet. A mismatch means the agent's picture
 * is out of date, so it re-reads the server right after.
 */
export async function verifyEgress(
  deps: OperationDeps,
  expected?: EgressSnapshot,
): Promise<Verification> {
  const { state, link, clock } = deps;
  const session = link.session();
  const egress = expected ?? state.model.settings.last_egress;
  if (!egress) throw new AgentError('not_enrolled', 'there is no resolved egress to verify yet');
  const { mode } = session.connection;
  if (mode === 'local_simulator' || mode === 'remote') {
    return recordVerification(deps, await observeThroughProxy(deps, session, egress));
  }
  let verification: Verification;
  // With Cloudflare WARP the trace is a real destination's: its colo is not the egress city.
  const warp = session.connection.mode === 'cloudflare_warp';
  try {
    const trace = await session.deviceClient.fetchTrace();
    verification = (warp ? compareWarpTrace : compareTrace)(egress, trace, isoAt(clock));
  } catch (error) {
    if (!(error instanceof ControlApiError && error.code === ErrorCode.EGRESS_UNAVAILABLE)) {
      throw await link.failure(error);
    }
    verification = failedVerification(
      egress,
      warp
        ? error.message.trim()
        : `the control API reports the egress unavailable (${error.message.trim()})`,
      isoAt(clock),
    );
  }
  return recordVerification(deps, verification);
}

/** Keeps a verification in the snapshot and the history; a mismatch re-reads the server. */
function recordVerification(deps: OperationDeps, verification: Verification): Verification {
  const { state, link } = deps;
  const { history } = state.model.settings;
  state.commit({
    settings: {
      last_verification: verification,
      history: withVerification(history, verification.vnet_id, verification.status),
    },
  });
  if (verification.status === 'mismatch') {
    deps.logger.warn({ message: verification.message }, 'verification mismatch: re-reading');
    void link.refresh();
  }
  return verification;
}
