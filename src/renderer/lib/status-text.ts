import type { AgentSnapshot } from '../../shared/agent/state.js';
import { clockTime, secondsUntil } from '../../shared/text/relative-time.js';

export const STATUS_LABEL: Record<AgentSnapshot['status'], string> = {
  starting: 'Starting',
  connected: 'Connected',
  switching: 'Switching',
  offline: 'Offline',
  error: 'Needs attention',
};

const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * The agent's last connection error, short enough for a banner: a socket error code becomes
 * words ("connection refused"); anything else is kept as the agent wrote it.
 */
export function shortConnectionError(lastError: string): string {
  const code = /\b(E[A-Z_]{3,})\b\)?\s*\.?$/.exec(lastError)?.[1];
  const words = code === undefined ? undefined : ERRNO_TEXT[code];
  if (words === undefined) return lastError;
  return `${words[0]?.toUpperCase()}${words.slice(1)} (${code}).`;
}

/** "Control API unreachable since 14:02 — retrying in 8 s" (or "retrying now"). */
export function offlineText(
  offline: NonNullable<AgentSnapshot['offline']>,
  now: number,
  locale?: string,
): string {
  const since = `Control API unreachable since ${clockTime(offline.since, locale)}`;
  const seconds = secondsUntil(offline.next_retry_at, now);
  if (seconds === null) return since;
  return seconds === 0 ? `${since} — retrying now` : `${since} — retrying in ${seconds} s`;
}
