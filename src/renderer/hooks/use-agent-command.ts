import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  AgentApi,
  AgentCommandName,
  CommandRequest,
  CommandResponse,
} from '../../shared/agent/commands.js';
import { describeError } from '../lib/error-text.js';

export interface AgentCommand<N extends AgentCommandName> {
  /** Resolves to the answer, or undefined when it failed or a newer call replaced it. */
  run(request: CommandRequest<N>): Promise<CommandResponse<N> | undefined>;
  pending: boolean;
  /** The last call's failure, for people; null when it succeeded or was superseded. */
  error: string | null;
  clearError(): void;
}

/**
 * One agent command with its pending and error state. Calls may overlap; only the newest one
 * decides what is shown, so a slow older answer never overwrites a newer one.
 */
export function useAgentCommand<N extends AgentCommandName>(
  api: AgentApi,
  name: N,
  action: string,
): AgentCommand<N> {
  const latest = useRef(0);
  const mounted = useRef(true);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (request: CommandRequest<N>) => {
      const call = ++latest.current;
      setPending(true);
      setError(null);
      const isCurrent = () => mounted.current && call === latest.current;
      try {
        const method = api[name] as unknown as (
          req: CommandRequest<N>,
        ) => Promise<CommandResponse<N>>;
        const answer = await method(request);
        if (isCurrent()) setPending(false);
        return answer;
      } catch (failure) {
        if (isCurrent()) {
          setPending(false);
          setError(describeError(failure, action));
        }
        return undefined;
      }
    },
    [api, name, action],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}
