import * as z from 'zod';
import type { ConnectionEntry } from './connections.js';
import type { AgentSnapshot } from './state.js';

/**
 * Whether traffic flows through the local proxy, in one word and a reason, for every front (the
 * CLI's status, the tray). From the snapshot: the listener and the attached vnet's decision (an
 * unavailable egress is refused, fail closed). From the connection log when a front has it: what
 * the newest connection of the main listener did.
 */
export const TrafficState = z.enum([
  'flowing',
  'ready',
  'refused',
  'failing',
  'stopped',
  'unknown',
]);
export type TrafficState = z.infer<typeof TrafficState>;

export const Traffic = z.object({
  state: TrafficState.describe(
    '`flowing`: the newest connection went through; `ready`: nothing through it yet; ' +
      '`refused`: the current egress is unavailable (fail closed) or the newest connection was ' +
      'refused; `failing`: the newest connection failed (gateway or destination); `stopped`: the proxy is ' +
      'not listening; `unknown`: no egress resolved yet.',
  ),
  reason: z
    .string()
    .nullable()
    .describe('Why refused, failing, stopped or unknown; null otherwise.'),
});
export type Traffic = z.infer<typeof Traffic>;

const where = (entry: ConnectionEntry) => {
  const { host, port } = entry.destination;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
};

export function trafficState(
  snapshot: Pick<AgentSnapshot, 'proxy' | 'egress'>,
  /** The connection log, newest first (omit when the front does not read it). */
  recent?: readonly ConnectionEntry[],
): Traffic {
  const { proxy, egress } = snapshot;
  if (!proxy.listening) {
    return { state: 'stopped', reason: proxy.error ?? `the proxy is starting on ${proxy.address}` };
  }
  if (egress === null) return { state: 'unknown', reason: 'no egress resolved yet' };
  if (egress.egress.kind === 'unavailable') {
    return {
      state: 'refused',
      reason: egress.fallback.reason ?? `the egress of ${egress.vnet_name} is unavailable`,
    };
  }
  const newest = recent?.find((entry) => entry.scope === null);
  if (newest === undefined) return { state: 'ready', reason: null };
  if (newest.outcome === 'refused') {
    return {
      state: 'refused',
      reason: `the newest connection (${where(newest)}) was refused: ${newest.reason ?? 'no reason given'}`,
    };
  }
  if (newest.outcome === 'failed') {
    return {
      state: 'failing',
      reason: `the newest connection (${where(newest)}) failed: ${newest.reason ?? 'no reason given'}`,
    };
  }
  return { state: 'flowing', reason: null };
}
