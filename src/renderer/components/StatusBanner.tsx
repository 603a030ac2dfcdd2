import type { AgentSnapshot } from '../../shared/agent/state.js';
import { offlineText, shortConnectionError } from '../lib/status-text.js';
import { Icon, Spinner } from './Icon.js';

interface Props {
  snapshot: AgentSnapshot;
  now: number;
  retrying: boolean;
  onRetry: () => void;
}

function RetryButton({ retrying, onRetry }: Pick<Props, 'retrying' | 'onRetry'>) {
  return (
    <button type="button" className="button button--small" onClick={onRetry} aria-busy={retrying}>
      {retrying ? <Spinner /> : <Icon name="refresh" />}
      Retry
    </button>
  );
}

/**
 * The plain truth when something is wrong with the control API: offline (with when it will
 * retry, and a way to retry now) or an error only the user can fix.
 */
export function StatusBanner({ snapshot, now, retrying, onRetry }: Props) {
  if (snapshot.status === 'offline' && snapshot.offline) {
    return (
      <div className="banner banner--offline" data-testid="offline-banner">
        <Icon name="alert" />
        <p className="banner__text">
          {offlineText(snapshot.offline, now)}
          <span className="banner__detail" title={snapshot.offline.last_error}>
            {shortConnectionError(snapshot.offline.last_error)}
          </span>
        </p>
        <RetryButton retrying={retrying} onRetry={onRetry} />
      </div>
    );
  }
  if (snapshot.status === 'error' && snapshot.error) {
    return (
      <div className="banner banner--error" data-testid="error-banner">
        <Icon name="warning" />
        <p className="banner__text">
          {snapshot.error.message}
          <span className="banner__detail">Check the control API in Settings.</span>
        </p>
        <RetryButton retrying={retrying} onRetry={onRetry} />
      </div>
    );
  }
  return null;
}
