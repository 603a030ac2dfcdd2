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
  agent_not_answering: 504,
};

export function invalidRequest(message: string): AgentError {
  return new AgentError('invalid_request', message);
}

/** Anything thrown while serving becomes a contract error with its HTTP status. */
export function toErrorReply(error: unknown): { status: number; body: AgentErrorBody } {
  const agentError = AgentError.from(error);
  return { status: HTTP_STATUS_BY_CODE[agentError.code], body: agentError.toBody() };
}
