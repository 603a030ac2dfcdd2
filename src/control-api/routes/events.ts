import type { FastifyInstance } from 'fastify';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';

export function registerEventRoutes(app: FastifyInstance, deps: AppDeps): void {
  addRoute(app, deps, {
    method: 'GET',
    url: `${ACCOUNT_PATH}/events`,
    tag: 'Events (extension)',
    summary: 'Server-Sent Events: `config` with the new config_version on every change',
    description:
      'Sends `event: config` / `data: {"config_version": N}` on connect (the current version) ' +
      'and after every configuration change; `: keep-alive` comments in between.',
    access: 'member',
    produces: 'text/event-stream',
    handler: async ({ accountId, reply }) => {
      const version = (await deps.snapshots.get(accountId)).version;
      reply.hijack();
      deps.events.subscribe(accountId, reply.raw, version);
    },
  });
}
