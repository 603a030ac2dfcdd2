import { useId, useState } from 'react';

/**
 * "Fallback" with its reason: shown on hover and keyboard focus, pinned open by a click, and
 * always in the button's accessible description.
 */
export function FallbackBadge({ reason }: { reason: string }) {
  const id = useId();
  const [pinned, setPinned] = useState(false);
  return (
    <span className={`has-tooltip${pinned ? ' has-tooltip--pinned' : ''}`}>
      <button
        type="button"
        className="badge badge--warn"
        aria-describedby={id}
        aria-expanded={pinned}
        onClick={() => setPinned((open) => !open)}
        onBlur={() => setPinned(false)}
      >
        Fallback
      </button>
      <span id={id} role="tooltip" className="tooltip">
        {reason}
      </span>
    </span>
  );
}
