import type { FastifyInstance } from 'fastify';
import { ResolveRequest, ResolveResult } from '../../shared/api/index.js';
import { ok } from '../envelope.js';
import { ACCOUNT_PATH, type AppDeps, addRoute } from '../route-kit.js';
import { answerKey, deviceFor, resolveFor } from '../services/resolve-service.js';

export function registerResolveRoutes(app: FastifyInstance, deps: AppDeps): void {
  addRoute(app, deps, {
    method: 'POST',
    url: `${ACCOUNT_PATH}/gateway/egress/resolve`,
    tag: 'Egress resolution (extension)',
    summary: 'Which egress results, and why',
    description:
      'A device token resolves its own device (its vnet, user, groups and location) and may ' +
      'only add context.destination. The admin token may name any device_id and/or pass any ' +
      'context (context fields override the device’s; without a vnet the default is used). ' +
      'explain adds the per-rule trace; all_vnets previews every live vnet (default first, ' +
      'then by name).',
    access: 'member',
    body: ResolveRequest,
    result: ResolveResult,
    errors: [400],
    handler: async ({ accountId, body, principal, reply }) => {
      // Warm, both come from memory: zero database queries per resolve.
      const snapshot = deps.snapshots.current(accountId) ?? (await deps.snapshots.get(accountId));
      const device =
        principal.kind === 'device' && body.device_id === undefined && body.context === undefined
          ? principal.device
          : await deviceFor(deps.store, principal, accountId, body);
      const key = answerKey(device, body);
      let answer = snapshot.answers.get(key);
      if (answer === undefined) {
        answer = Buffer.from(JSON.stringify(ok(resolveFor(snapshot, device, body))));
        snapshot.answers.set(key, answer);
      }
      reply.type('application/json; charset=utf-8');
      return answer;
    },
  });
}
