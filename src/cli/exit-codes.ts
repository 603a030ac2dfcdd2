import type { AgentErrorCode } from '../shared/agent/errors.js';

/** egressctl's exit codes: a promise to scripts (docs/egressctl.md, `egressctl --help`). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  notFound: 3,
  controlApiUnreachable: 4,
  verificationMismatch: 5,
  agentNotRunning: 6,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const BY_AGENT_CODE: Record<AgentErrorCode, ExitCode> = {
  invalid_request: ExitCode.usage,
  not_found: ExitCode.notFound,
  control_api_unreachable: ExitCode.controlApiUnreachable,
  // No device yet means the agent never got through to a control API.
  not_enrolled: ExitCode.controlApiUnreachable,
  control_api_error: ExitCode.internal,
  superseded: ExitCode.internal,
  internal: ExitCode.internal,
  unauthorized: ExitCode.internal,
  agent_unreachable: ExitCode.agentNotRunning,
  // Hung is as unusable as gone: a script that restarts a missing agent restarts this one too.
  agent_not_answering: ExitCode.agentNotRunning,
};

export function exitCodeFor(code: AgentErrorCode): ExitCode {
  return BY_AGENT_CODE[code];
}

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  internal error (also: a verification that could not be carried out)
  2  usage error (bad command, option or argument)
  3  not found (the closest names are suggested)
  4  control API unreachable (the agent is offline)
  5  verification mismatch (the destination sees another egress)
  6  agent not running, or not answering within --timeout (start it with:
     egressctl agent start --local-simulator)
  egressctl exec exits with its command's code (126: could not run it, 127: not
  found); a command killed by a signal kills egressctl with the same signal`;
