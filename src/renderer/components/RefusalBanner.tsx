import type { RefusalNotice } from '../lib/refusal-notice.js';
import { Icon } from './Icon.js';

/**
 * The proxy is failing closed (or not running): why, and what to do about it. `showReason`
 * false where the card's headline already says why (an unavailable egress).
 */
export function RefusalBanner({
  notice,
  showReason = true,
}: {
  notice: RefusalNotice;
  showReason?: boolean;
}) {
  return (
    <div
      className={`card__refusal card__refusal--${notice.kind}`}
      data-testid="refusal-banner"
      data-kind={notice.kind}
    >
      <Icon name="ban" className="card__refusal-icon" />
      <div className="card__refusal-text">
        <p className="card__refusal-title">{notice.title}</p>
        {showReason ? <p className="card__refusal-reason">{notice.reason}</p> : null}
        <p className="card__refusal-action">{notice.action}</p>
      </div>
    </div>
  );
}
