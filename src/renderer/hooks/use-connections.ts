import { useEffect, useState } from 'react';
import type { AgentApi } from '../../shared/agent/commands.js';
import type { ConnectionEntry } from '../../shared/agent/connections.js';
import { mergeConnections } from '../lib/connection-list.js';
import { describeError } from '../lib/error-text.js';

/** How often the list asks the agent's log while shown; slower when a live feed carries it. */
const POLL_MS = 1000;
const POLL_WITH_FEED_MS = 5000;

/**
 * The newest `cap` connections, kept live while the panel is shown: the agent's live feed where
 * the transport has one (in-process, IPC), and a poll of the log either way (the HTTP bridge
 * has no connection feed, and a feed that drops would otherwise go unnoticed).
 */
export function useConnections(api: AgentApi, cap: number) {
  const [entries, setEntries] = useState<ConnectionEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const unsubscribe = api.subscribeConnections?.((entry) => {
      if (live) setEntries((current) => mergeConnections(current ?? [], [entry], cap));
    });
    const every = unsubscribe ? POLL_WITH_FEED_MS : POLL_MS;
    const poll = async () => {
      try {
        const list = await api.getConnections({ limit: cap });
        if (!live) return;
        setEntries((current) => mergeConnections(current ?? [], list, cap));
        setError(null);
      } catch (failure) {
        if (live) setError(describeError(failure, 'load the connections'));
      }
      if (live) timer = window.setTimeout(poll, every);
    };
    void poll();
    return () => {
      live = false;
      window.clearTimeout(timer);
      unsubscribe?.();
    };
  }, [api, cap]);

  return { entries, error, clearError: () => setError(null) };
}
