import type { Logger } from 'pino';
import type { AgentState } from '../agent-state.js';
import type { ControlLink } from '../connectivity/control-link.js';
import type { AgentDataPlane } from '../data-plane/agent-data-plane.js';
import type { Clock } from '../ports/clock.js';

/** What every agent operation works with. */
export interface OperationDeps {
  state: AgentState;
  link: ControlLink;
  clock: Clock;
  logger: Logger;
  /** The local proxy: verify observes through it. */
  dataPlane: AgentDataPlane;
  /** What verify fetches through the proxy; null: the control API's `/cdn-cgi/trace`. */
  verifyUrl: () => string | null;
}
