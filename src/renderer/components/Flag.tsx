import type { ResolvedEgress } from '../../shared/api/resolve.js';
import { canDrawFlagEmoji } from '../dom/flag-support.js';
import { flagEmoji } from '../lib/flag-emoji.js';
import { Icon } from './Icon.js';

type FlagSize = 'md' | 'lg';

/**
 * A country's flag, decorative (the country is always named in text next to it): the emoji
 * where the system draws it in colour, else the ISO code in a small tile.
 */
export function Flag({ country, size = 'md' }: { country: string | null; size?: FlagSize }) {
  const emoji = flagEmoji(country);
  if (emoji === null) {
    return <span className={`flag flag--${size} flag--none`} aria-hidden="true" />;
  }
  if (canDrawFlagEmoji()) {
    return (
      <span className={`flag flag--${size} flag--emoji`} aria-hidden="true">
        {emoji}
      </span>
    );
  }
  return (
    <span className={`flag flag--${size} flag--code`} aria-hidden="true">
      {country?.toUpperCase()}
    </span>
  );
}

/** Where an egress leaves: its country's flag, or an alert mark when there is no way out. */
export function EgressFlag({
  egress,
  size = 'md',
}: {
  egress: Pick<ResolvedEgress, 'kind' | 'country'> | null;
  size?: FlagSize;
}) {
  if (egress?.kind === 'unavailable') {
    return (
      <span className={`flag flag--${size} flag--alert`} aria-hidden="true">
        <Icon name="alert" />
      </span>
    );
  }
  return <Flag country={egress?.country ?? null} size={size} />;
}
