import type { FastifyInstance } from 'fastify';
import { formatTraceText } from '../../shared/api/index.js';
import { forbidden } from '../errors.js';
import { type AppDeps, addRoute } from '../route-kit.js';
import { resolveRequest } from '../services/resolve-service.js';

/**
 * What a destination would see of the device, in Cloudflare's `/cdn-cgi/trace` format. It is
 * computed from the server's own record of the device (vnet, user, location), independently of
 * what the agent believes, so an agent can verify a switch with it.
 */
export function registerTraceRoute(app: FastifyInstance, deps: AppDeps): void {
  addRoute(app, deps, {
    method: 'GET',
    url: '/cdn-cgi/trace',
    tag: 'Verification (extension)',
    summary: 'The simulated egress as a destination sees it (device token)',
    description:
      'text/plain key=value lines: fl, h, ip, ts, visit_scheme, uag, colo, sliver, http, loc, ' +
      'tls, sni, warp, gateway, rbi, kex and vnet. 503 (text/plain) when the egress is ' +
      'unavailable.',
    access: 'member',
    produces: 'text/plain',
    errors: [503],
    handler: ({ request, reply, principal }) => {
      if (principal.kind !== 'device') {
        throw forbidden('/cdn-cgi/trace reports a device’s egress: call it with a device token');
      }
      const { accountId } = principal;
      const snapshot = deps.snapshots.get(accountId);
      const result = resolveRequest(deps.store, snapshot, principal, accountId, {});
      reply.type('text/plain; charset=utf-8');
      const { egress } = result;
      if (egress.kind === 'unavailable' || egress.ipv4 === null) {
        reply.header('x-should-retry', 'false');
        return reply
          .code(503)
          .send(
            `egress unavailable for device ${principal.device.id} on vnet ${result.vnet_id}: ` +
              `${result.fallback.reason ?? result.decided_by.summary}\n`,
          );
      }
      const tls = request.protocol === 'https';
      return formatTraceText({
        fl: `${(snapshot.version % 900) + 100}f${principal.device.id.slice(0, 3)}`,
        h: request.headers.host ?? '',
        ip: egress.ipv4,
        ts: (Date.now() / 1000).toFixed(3),
        visit_scheme: request.protocol,
        uag: request.headers['user-agent'] ?? '',
        colo: egress.colo ?? '',
        sliver: 'none',
        http: `http/${request.raw.httpVersion}`,
        loc: egress.country ?? '',
        tls: tls ? 'TLSv1.3' : 'off',
        sni: tls ? 'plaintext' : 'off',
        warp: 'on',
        gateway: 'on',
        rbi: 'off',
        kex: tls ? 'X25519' : 'none',
        vnet: result.vnet_id ?? '',
      });
    },
  });
}
