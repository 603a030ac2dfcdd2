import type { FastifyInstance } from 'fastify';
import {
  type AgentApi,
  type AgentCommandName,
  agentCommands,
} from '../../../shared/agent/index.js';
import { describeZodIssues } from '../../../shared/text/zod-issues.js';
import { invalidRequest } from './error-mapping.js';

type AnyCommand = (request: unknown) => Promise<unknown>;

/**
 * One route per contract command, all through the same handler: the command's own zod schema
 * checks the query (GET) or JSON body, then the agent answers. Nothing reaches the agent unless
 * it parsed, so a bad payload can never half-apply.
 */
export function registerCommandRoutes(app: FastifyInstance, agent: AgentApi): void {
  for (const name of Object.keys(agentCommands) as AgentCommandName[]) {
    const spec = agentCommands[name];
    const run = (agent[name] as AnyCommand).bind(agent);
    app.route({
      method: spec.method,
      url: spec.path,
      handler: async (request) => {
        const input = spec.method === 'GET' ? request.query : (request.body ?? {});
        const parsed = spec.request.safeParse(input);
        if (!parsed.success) {
          const why = describeZodIssues(parsed.error, { root: 'request' });
          throw invalidRequest(`Invalid ${name} request: ${why}`);
        }
        return run(parsed.data);
      },
    });
  }
}
