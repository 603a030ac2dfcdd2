import { Icon } from './Icon.js';

/** The agent itself stopped answering: what is shown is its last state, and we keep trying. */
export function LinkLostBanner({ label }: { label: string }) {
  return (
    <div className="banner banner--error" data-testid="link-lost-banner">
      <Icon name="alert" />
      <p className="banner__text">
        Lost contact with {label}. Showing its last state; reconnecting…
      </p>
    </div>
  );
}
