import { useEffect } from 'react';

const marked = new Set<string>();

/**
 * A User Timing mark the first time `ready` is true after a commit, e.g. when the egress card
 * first shows real data: what the benchmark reads as "first useful paint" (DevTools shows it too).
 */
export function useFirstRenderMark(name: string, ready: boolean): void {
  useEffect(() => {
    if (!ready || marked.has(name)) return;
    marked.add(name);
    performance.mark(name);
  }, [name, ready]);
}
