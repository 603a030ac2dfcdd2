import type { Logger } from 'pino';
import type { AgentState } from '../agent-state.js';
import type { ControlLink } from '../connectivity/control-link.js';
import type { Clock } from '../ports/clock.js';

/** What every agent operation works with. */
export interface OperationDeps {
  state: AgentState;
  link: ControlLink;
  clock: Clock;
  logger: Logger;
}
