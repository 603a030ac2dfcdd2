import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';

/** An agent feed: calls the listener with every item, returns unsubscribe. */
export type Feed<T> = (listener: (item: T) => void) => () => void;

/**
 * Prints one JSON line per item of `feed` that `lineFor` turns into a line (undefined skips it),
 * until SIGINT/SIGTERM or `count` lines were written; resolves `ok` either way.
 */
export function streamJsonLines<T>(
  ctx: CliContext,
  feed: Feed<T>,
  lineFor: (item: T) => unknown,
  count: number | undefined,
): Promise<ExitCode> {
  return new Promise<ExitCode>((resolve) => {
    let written = 0;
    let unsubscribe: (() => void) | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      unsubscribe?.();
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      resolve(ExitCode.ok);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    unsubscribe = feed((item) => {
      if (finished) return;
      const line = lineFor(item);
      if (line === undefined) return;
      ctx.printJsonLine(line);
      written += 1;
      if (count !== undefined && written >= count) finish();
    });
    // A feed that calls back at once can reach `count` before `unsubscribe` was set.
    if (finished) unsubscribe();
  });
}
