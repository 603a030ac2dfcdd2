import type { Announcement } from '../hooks/use-announcer.js';

/** The one polite live region: switches, connectivity and copies are read from here. */
export function LiveRegion({ announcement }: { announcement: Announcement }) {
  return (
    <div
      className="sr-only"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="live-region"
    >
      <span key={announcement.key}>{announcement.text}</span>
    </div>
  );
}
