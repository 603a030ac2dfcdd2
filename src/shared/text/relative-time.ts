/** Times for people, the same wording in the popover, the tray menu and egressctl. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A short duration for people: "40 s", "3 min", "5 h", "2 d" (rounded down, never negative). */
export function durationText(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < MINUTE) return `${Math.floor(safe / SECOND)} s`;
  if (safe < HOUR) return `${Math.floor(safe / MINUTE)} min`;
  if (safe < 2 * DAY) return `${Math.floor(safe / HOUR)} h`;
  return `${Math.floor(safe / DAY)} d`;
}

/**
 * How long ago `iso` was, as a phrase: "just now" under 45 s (clocks of two processes drift by a
 * little, and "3 s ago" ticking up reads as noise), then "2 min ago", "5 h ago", "3 d ago".
 */
export function timeAgo(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'at an unknown time';
  const elapsed = now - at;
  if (elapsed < 45 * SECOND) return 'just now';
  if (elapsed < 90 * SECOND) return '1 min ago';
  return `${durationText(elapsed)} ago`;
}

/** Whole seconds from `now` until `iso` (0 once it has passed); null when `iso` is null or bad. */
export function secondsUntil(iso: string | null, now: number): number | null {
  if (iso === null) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / SECOND));
}

/** Wall-clock time of day ("14:02") in the user's locale, or the ISO text when it does not parse. */
export function clockTime(iso: string, locale?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(at);
}

/** Date and time for lists that span days: "3 Mar, 14:02" (today: just the time). */
export function shortDateTime(iso: string, now: number, locale?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const today = new Date(now);
  const sameDay =
    at.getFullYear() === today.getFullYear() &&
    at.getMonth() === today.getMonth() &&
    at.getDate() === today.getDate();
  const time = clockTime(iso, locale);
  if (sameDay) return time;
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(at);
  return `${day}, ${time}`;
}
