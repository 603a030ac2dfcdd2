import { Icon } from './Icon.js';

/** A command's failure next to where it was asked, dismissable, read out when it appears. */
export function InlineError({
  message,
  onDismiss,
}: {
  message: string | null;
  onDismiss?: () => void;
}) {
  if (message === null) return null;
  return (
    <div className="inline-error" role="alert">
      <Icon name="alert" />
      <span className="inline-error__text">{message}</span>
      {onDismiss ? (
        <button
          type="button"
          className="icon-button"
          onClick={onDismiss}
          aria-label="Dismiss this message"
        >
          <Icon name="close" />
        </button>
      ) : null}
    </div>
  );
}
