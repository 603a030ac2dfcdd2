import * as z from 'zod';

/**
 * Error codes every front can branch on. egressctl maps them to its documented exit codes; the
 * popover to its messages. Keep the list short: a code is a promise to scripts.
 */
export const AgentErrorCode = z.enum([
  'invalid_request',
  'not_found',
  'control_api_unreachable',
  'control_api_error',
  'not_enrolled',
  'superseded',
  'internal',
  /** Set by transport clients only: nothing answers at the agent's address (it is not running). */
  'agent_unreachable',
  /** Set by the LocalAPI's loopback TCP listener: missing or wrong bearer token, or origin. */
  'unauthorized',
]);
export type AgentErrorCode = z.infer<typeof AgentErrorCode>;

export const AgentErrorBody = z.object({
  error: z.object({
    code: AgentErrorCode,
    message: z.string(),
    /** For `not_found`: the closest names, best first. */
    suggestions: z.array(z.string()).optional(),
  }),
});
export type AgentErrorBody = z.infer<typeof AgentErrorBody>;

/** A contract-level failure, thrown by the agent core and carried unchanged by every transport. */
export class AgentError extends Error {
  readonly code: AgentErrorCode;
  readonly suggestions: readonly string[] | undefined;

  constructor(code: AgentErrorCode, message: string, suggestions?: readonly string[]) {
    super(message);
    this.name = 'AgentError';
    this.code = code;
    this.suggestions = suggestions;
  }

  toBody(): AgentErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.suggestions && this.suggestions.length > 0
          ? { suggestions: [...this.suggestions] }
          : {}),
      },
    };
  }

  /** Anything thrown becomes a contract error; an unknown throw is `internal`. */
  static from(error: unknown): AgentError {
    if (error instanceof AgentError) return error;
    return new AgentError('internal', error instanceof Error ? error.message : String(error));
  }

  static fromBody(body: AgentErrorBody): AgentError {
    return new AgentError(body.error.code, body.error.message, body.error.suggestions);
  }
}

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
