import { useCallback, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { AgentApi } from '../../shared/agent/commands.js';
import type { SwitchAnswer } from '../lib/display-state.js';
import { describeError } from '../lib/error-text.js';

export interface Switcher {
  switchTo(vnetId: string): void;
  /** The vnet of the newest switch not yet answered, shown with progress at once. */
  pendingId: string | null;
  /** The agent's answer to the newest switch (see `displayState`). */
  answer: SwitchAnswer | null;
  error: string | null;
  clearError(): void;
}

/**
 * Switching from the popover: every click is sent at once (the list is never locked), and the
 * newest click wins — the agent supersedes older switches, and their answers are ignored here.
 * `currentSeq` reads the seq of the snapshot on screen when an answer lands.
 */
export function useSwitcher(api: AgentApi, currentSeq: () => number): Switcher {
  const latest = useRef(0);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [answer, setAnswer] = useState<SwitchAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const switchTo = useCallback(
    (vnetId: string) => {
      const call = ++latest.current;
      setPendingId(vnetId);
      setAnswer(null);
      setError(null);
      api.switchVnet({ vnet: vnetId, origin: 'popover' }).then(
        (result) => {
          if (call !== latest.current) return;
          // As with snapshots: the answer goes on screen in this task, not a later one.
          flushSync(() => {
            setAnswer({ vnetId, result, seq: currentSeq() });
            setPendingId(null);
          });
        },
        (failure: unknown) => {
          if (call !== latest.current) return;
          setPendingId(null);
          setError(describeError(failure, 'switch'));
        },
      );
    },
    [api, currentSeq],
  );
  const clearError = useCallback(() => setError(null), []);
  return { switchTo, pendingId, answer, error, clearError };
}
