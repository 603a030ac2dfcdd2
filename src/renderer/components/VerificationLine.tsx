import type { Verification } from '../../shared/agent/state.js';
import { timeAgo } from '../../shared/text/relative-time.js';
import { Icon, Spinner } from './Icon.js';

interface Props {
  /** The latest verification of the attached vnet, or null when it was never checked. */
  verification: Verification | null;
  now: number;
  pending: boolean;
  onVerify: () => void;
  disabled: boolean;
}

function Outcome({ verification, now }: { verification: Verification | null; now: number }) {
  if (verification === null) {
    return <span className="verify__text verify__text--none">Not verified yet</span>;
  }
  const age = timeAgo(verification.checked_at, now);
  if (verification.status === 'match') {
    return (
      <span className="verify__text verify__text--match" title={verification.message}>
        <Icon name="shieldCheck" />
        Verified {age}
      </span>
    );
  }
  if (verification.status === 'mismatch') {
    const seen = verification.observed
      ? `a destination sees ${verification.observed.ip} (${verification.observed.colo})`
      : 'a destination sees another egress';
    return (
      <span className="verify__text verify__text--mismatch" title={verification.message}>
        <Icon name="warning" />
        Mismatch {age}: {seen}
      </span>
    );
  }
  return (
    <span className="verify__text verify__text--error" title={verification.message}>
      <Icon name="alert" />
      Couldn't verify ({age}): {verification.message}
    </span>
  );
}

/** Whether what a destination sees was checked against the resolved egress, and a way to check. */
export function VerificationLine({ verification, now, pending, onVerify, disabled }: Props) {
  return (
    <div className="verify" data-testid="verification">
      <Outcome verification={verification} now={now} />
      <button
        type="button"
        className="button button--small"
        // aria-disabled, not disabled: a disabled button drops keyboard focus mid-verify.
        onClick={() => {
          if (!disabled && !pending) onVerify();
        }}
        aria-disabled={disabled || pending}
        aria-busy={pending}
      >
        {pending ? <Spinner /> : null}
        {pending ? 'Verifying…' : 'Verify'}
      </button>
    </div>
  );
}
