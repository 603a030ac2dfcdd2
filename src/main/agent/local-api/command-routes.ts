import type { FastifyInstance } from 'fastify';
import {
  type AgentApi,
  type AgentCommandName,
  agentCommands,
  dispatchCommand,
} from '../../../shared/agent/index.js';

/**
 * One route per contract command, all through the same handler: the contract's dispatcher checks
 * the query (GET) or JSON body with the command's own zod schema, then the agent answers. Nothing
 * reaches the agent unless it parsed, so a bad payload can never half-apply.
 */
export function registerCommandRoutes(app: FastifyInstance, agent: AgentApi): void {
  for (const name of Object.keys(agentCommands) as AgentCommandName[]) {
    const spec = agentCommands[name];
    app.route({
      method: spec.method,
      url: spec.path,
      handler: async (request) =>
        dispatchCommand(agent, name, spec.method === 'GET' ? request.query : request.body),
    });
  }
}
