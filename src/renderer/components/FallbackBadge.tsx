import { useId, useState } from 'react';

/**
 * "Fallback" with its reason: shown on hover and keyboard focus, pinned open by a click, hidden
 * again by Esc (WCAG 1.4.13), and always in the button's accessible description.
 */
export function FallbackBadge({ reason }: { reason: string }) {
  const id = useId();
  const [pinned, setPinned] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const classes = ['has-tooltip'];
  if (pinned) classes.push('has-tooltip--pinned');
  if (dismissed) classes.push('has-tooltip--dismissed');
  return (
    <span className={classes.join(' ')}>
      <button
        type="button"
        className="badge badge--warn"
        aria-describedby={id}
        aria-expanded={pinned}
        onMouseLeave={() => setDismissed(false)}
        onClick={() => {
          setPinned((open) => !open);
          setDismissed(false);
        }}
        onBlur={() => {
          setPinned(false);
          setDismissed(false);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || dismissed) return;
          // Only this Esc: the popover's own Esc handling waits for the next one.
          event.stopPropagation();
          setPinned(false);
          setDismissed(true);
        }}
      >
        Fallback
      </button>
      <span id={id} role="tooltip" className="tooltip">
        {reason}
      </span>
    </span>
  );
}
