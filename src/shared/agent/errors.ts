import * as z from 'zod';
import { errorMessage } from '../text/error-message.js';

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
  /**
   * Set by transport clients only: the agent took the request but gave no answer in time (it is
   * hung, or busier than the caller's timeout allows).
   */
  'agent_not_answering',
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
    return new AgentError('internal', errorMessage(error));
  }

  static fromBody(body: AgentErrorBody): AgentError {
    return new AgentError(body.error.code, body.error.message, body.error.suggestions);
  }
}
