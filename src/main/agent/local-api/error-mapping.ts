import type { z } from 'zod';
import {
  AgentError,
  type AgentErrorBody,
  type AgentErrorCode,
} from '../../../shared/agent/index.js';

/** HTTP status per contract error code; clients map the body back, the status is for people. */
export const HTTP_STATUS_BY_CODE: Record<AgentErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  not_enrolled: 409,
  superseded: 409,
  internal: 500,
  control_api_error: 502,
  control_api_unreachable: 503,
  agent_unreachable: 502,
};

type Issue = z.core.$ZodIssue;

/** The most plausible reading of a failed union: the branch that came closest to matching. */
function closestBranch(issue: Issue): Issue[] | null {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return null;
  return issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
}

function describeIssue(issue: Issue, prefix: readonly PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  const branch = closestBranch(issue);
  if (branch !== null && branch.length > 0) return branch.flatMap((i) => describeIssue(i, path));
  const where = path.length === 0 ? 'request' : path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${[...path, key].map(String).join('.')}: unknown field`);
  }
  return [`${where}: ${issue.message}`];
}

/** One line naming every offending field, e.g. `vnet: name the virtual network to switch to`. */
export function describeZodError(error: z.ZodError): string {
  return [...new Set(error.issues.flatMap((issue) => describeIssue(issue, [])))].join('; ');
}

export function invalidRequest(message: string): AgentError {
  return new AgentError('invalid_request', message);
}

/** Anything thrown while serving becomes a contract error; unknown throws are `internal`. */
export function toErrorReply(error: unknown): { status: number; body: AgentErrorBody } {
  const agentError =
    error instanceof AgentError
      ? error
      : new AgentError('internal', error instanceof Error ? error.message : String(error));
  return { status: HTTP_STATUS_BY_CODE[agentError.code], body: agentError.toBody() };
}
