import { Header } from './Header.js';
import { Icon } from './Icon.js';

/**
 * Before the first snapshot: the same markup index.html paints before any script runs, so the
 * popover never jumps; if the agent cannot be reached, a banner says so (and we keep trying).
 */
export function StartingShell({ label, problem }: { label: string; problem: string | null }) {
  return (
    <div className="app" data-status="starting">
      <Header status="starting" />
      {problem === null ? null : (
        <div className="banner banner--error" role="alert" data-testid="link-problem">
          <Icon name="alert" />
          <p className="banner__text">
            Can't reach {label}.
            <span className="banner__detail">{problem} Retrying by itself…</span>
          </p>
        </div>
      )}
      <section
        className="card card--empty"
        aria-busy={problem === null}
        aria-labelledby="egress-title"
        data-testid="egress-card"
      >
        <h2 id="egress-title" className="card__empty-text">
          {problem === null ? 'Connecting to the agent…' : 'Waiting for the agent'}
        </h2>
      </section>
    </div>
  );
}
