import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import type { AgentLink, LinkState } from '../bridge/agent-link.js';

export interface AgentView {
  snapshot: AgentSnapshot | null;
  link: LinkState;
}

/**
 * The agent's latest snapshot (null until the first arrives) and whether the link to the agent
 * works. A snapshot older than the one shown is dropped: pushes and answers can cross.
 */
export function useAgentSnapshot(link: AgentLink): AgentView {
  const [snapshot, setSnapshot] = useState<AgentSnapshot | null>(null);
  const [linkState, setLinkState] = useState<LinkState>({ connected: true });
  useEffect(() => {
    let shownSeq = -1;
    const stopLink = link.onStateChange(setLinkState);
    const unsubscribe = link.api.subscribe((next) => {
      if (next.seq < shownSeq) return;
      shownSeq = next.seq;
      // Commit now rather than in a later scheduler task: a switch's result is on screen the
      // moment it arrives (snapshots are rare and small, so this never janks).
      flushSync(() => {
        setSnapshot(next);
        setLinkState({ connected: true });
      });
    });
    return () => {
      unsubscribe();
      stopLink();
    };
  }, [link]);
  return { snapshot, link: linkState };
}
