import { canDrawFlagEmoji } from '../dom/flag-support.js';
import { flagEmoji } from '../lib/flag-emoji.js';

/**
 * A country's flag, decorative (the country is always named in text next to it): the emoji
 * where the system draws it in colour, else the ISO code in a small tile.
 */
export function Flag({ country, size = 'md' }: { country: string | null; size?: 'md' | 'lg' }) {
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
