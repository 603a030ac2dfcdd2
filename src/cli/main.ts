import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';
import { jsonRequested, reportError } from './run-command.js';

/**
 * egressctl: the agent from the command line. Only commander and the program definition load up
 * front; each command imports what it needs when it runs, and only `agent` loads the agent core,
 * Fastify and the control API. scripts/build-cli.mjs bundles this file and everything it imports
 * into one CommonJS file (dist/cli/egressctl.cjs) that keeps those imports lazy.
 */

/** `egressctl …`: parses, runs, and leaves the exit code in `process.exitCode`. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  // `egressctl watch | head -1`: a closed reader is a normal way to stop, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const shown = ['commander.helpDisplayed', 'commander.version'].includes(error.code);
      if (shown || (error.code === 'commander.help' && error.exitCode === 0)) {
        process.exitCode = ExitCode.ok;
        return;
      }
      process.exitCode = ExitCode.usage;
      if (jsonRequested) {
        const { usageError } = await import('./cli-error.js');
        // commander.help here means no command was given (commander printed help instead).
        const message =
          error.code === 'commander.help'
            ? 'no command given; `egressctl --help` lists the commands'
            : error.message.replace(/^error: /, '');
        await reportError(usageError(message), undefined);
      }
      return;
    }
    await reportError(error, undefined);
  }
}

// No top-level await: the bundle is CommonJS. main() reports its own failures.
void main();
