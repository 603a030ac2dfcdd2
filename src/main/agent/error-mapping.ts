import { AgentError } from '../../shared/agent/index.js';
import { ControlApiError, ControlApiUnreachableError } from '../../shared/api/index.js';
import { errorMessage } from '../../shared/text/error-message.js';
import { AgentFault } from './agent-fault.js';
import { WARP_ERROR_CODE } from './control-plane/warp/warp-error-code.js';

/** Down, too slow, or broken on its side: worth retrying with backoff, not the user's fault. */
export function isConnectivityFailure(error: unknown): boolean {
  return (
    error instanceof ControlApiUnreachableError ||
    (error instanceof ControlApiError && error.status >= 500)
  );
}

/** The device this agent acts as is gone, or its token no longer works. */
export function isDeviceGone(error: unknown): boolean {
  return error instanceof ControlApiError && (error.status === 401 || error.status === 404);
}

/** What a caller of the agent gets, whatever failed underneath. */
export function toAgentError(error: unknown): AgentError {
  if (error instanceof AgentError) return error;
  if (isConnectivityFailure(error)) {
    return new AgentError('control_api_unreachable', errorMessage(error));
  }
  if (error instanceof AgentFault) return new AgentError('not_enrolled', error.message);
  if (error instanceof ControlApiError && error.status === 400) {
    return new AgentError('invalid_request', `the control API refused it: ${error.message}`);
  }
  if (error instanceof ControlApiError && error.code === WARP_ERROR_CODE) {
    // The WARP backend's refusal already names what warp-cli said and what to do.
    return new AgentError('control_api_error', error.message);
  }
  if (error instanceof ControlApiError) {
    return new AgentError('control_api_error', `the control API said: ${error.message}`);
  }
  return new AgentError('internal', errorMessage(error));
}
