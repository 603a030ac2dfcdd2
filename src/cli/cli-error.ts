import { AgentError, type AgentErrorCode } from '../shared/agent/errors.js';
import { errorMessage } from '../shared/text/error-message.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

/** A failure egressctl reports itself: its exit code, a stable code and a message for people. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly suggestions: readonly string[];

  constructor(
    exitCode: ExitCode,
    code: string,
    message: string,
    suggestions: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.code = code;
    this.suggestions = suggestions;
  }
}

export function usageError(message: string): CliError {
  return new CliError(ExitCode.usage, 'usage', message);
}

const START_HINT =
  'Start it with `egressctl agent --local-simulator` (or the Egress Switcher app), or point ' +
  'egressctl at its socket with --socket or EGRESS_SWITCHER_SOCKET.';

/** "Not running" when nothing is there; the real reason when something else went wrong. */
function notRunning(detail: string, socketPath: string | undefined): string {
  const where = socketPath ?? 'its socket';
  if (/\b(ENOENT|ECONNREFUSED)\b/.test(detail)) {
    return `The Egress Switcher agent is not running (nothing answers on ${where}). ${START_HINT}`;
  }
  return `Cannot reach the Egress Switcher agent on ${where}: ${detail} ${START_HINT}`;
}

/** A hung agent: the socket takes the request, nothing comes back. */
function notAnswering(detail: string, socketPath: string | undefined): string {
  return (
    `The Egress Switcher agent on ${socketPath ?? 'its socket'} is not answering: ${detail} ` +
    'It may be hung: wait longer with --timeout, or restart it (egressctl agent stop, then ' +
    'egressctl agent start).'
  );
}

/** Anything thrown by a command, as egressctl will report it. */
export function toCliError(error: unknown, socketPath: string | undefined): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof AgentError) {
    const code: AgentErrorCode = error.code;
    const message =
      code === 'agent_unreachable'
        ? notRunning(error.message, socketPath)
        : code === 'agent_not_answering'
          ? notAnswering(error.message, socketPath)
          : error.message;
    return new CliError(exitCodeFor(code), code, message, error.suggestions ?? []);
  }
  return new CliError(ExitCode.internal, 'internal', errorMessage(error));
}
