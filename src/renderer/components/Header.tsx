import type { AgentSnapshot } from '../../shared/agent/state.js';
import { STATUS_LABEL } from '../lib/status-text.js';

/** App name and the agent's state; in Electron's frameless window it is the drag handle. */
export function Header({ status }: { status: AgentSnapshot['status'] }) {
  return (
    <header className="header">
      <h1 className="header__title">Egress Switcher</h1>
      <span className={`status status--${status}`} data-testid="agent-status">
        <span className="status__dot" aria-hidden="true" />
        {STATUS_LABEL[status]}
      </span>
    </header>
  );
}
