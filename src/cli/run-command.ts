import type { Command } from 'commander';
import { CliContext, type CliStreams, type GlobalOptions } from './context.js';
import type { ExitCode } from './exit-codes.js';

/** How every command runs: one context, and one way to report failures (stderr, exit code). */

export const streams: CliStreams = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

/** Known before parsing, so even a usage error can be reported as JSON. */
export const jsonRequested = (() => {
  // After `--` the words are another command's (egressctl exec -- tool --json).
  const end = process.argv.indexOf('--');
  return (end === -1 ? process.argv : process.argv.slice(0, end)).includes('--json');
})();

export async function reportError(error: unknown, ctx: CliContext | undefined): Promise<void> {
  const { toCliError } = await import('./cli-error.js');
  const failure = toCliError(error, ctx?.socketPath);
  process.exitCode = failure.exitCode;
  if (ctx?.json ?? jsonRequested) {
    const body = {
      schema: 'egressctl/error@1',
      error: {
        code: failure.code,
        message: failure.message,
        suggestions: [...failure.suggestions],
      },
      exit_code: failure.exitCode,
    };
    streams.stderr.write(`${JSON.stringify(body)}\n`);
    return;
  }
  // The agent's own not_found message may already name them; say it once.
  const named = failure.suggestions.every((name) => failure.message.includes(name));
  const hint =
    failure.suggestions.length > 0 && !named
      ? `\nDid you mean: ${failure.suggestions.join(', ')}?`
      : '';
  streams.stderr.write(`egressctl: ${failure.message}${hint}\n`);
}

/** Runs one command with its context; turns whatever it throws into the documented exit code. */
export async function execute(command: Command, action: (ctx: CliContext) => Promise<ExitCode>) {
  let ctx: CliContext | undefined;
  try {
    ctx = new CliContext(command.optsWithGlobals<GlobalOptions>(), streams);
    process.exitCode = await action(ctx);
  } catch (error) {
    await reportError(error, ctx);
  }
}
