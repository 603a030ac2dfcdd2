import type { FastifyInstance } from 'fastify';
import { formatTraceText } from '../../shared/api/index.js';
import { addressKey } from '../config-snapshots.js';
import { forbidden } from '../errors.js';
import { type AppDeps, addRoute } from '../route-kit.js';

/**
 * What a destination sees of the connection, in Cloudflare's `/cdn-cgi/trace` format: an
 * observation of the request's source address, not the server's record of the device. The
 * simulator's own gateways dial from loopback source addresses (127.0.0.N), which no real
 * destination would see, so a source address that is an egress IP's `source_address` gateway is
 * reported as that egress IP (`mapped=source_address`); an address that is itself an egress IP
 * (a proxy gateway on that address) is reported as is with its data center; any other address
 * as is, with no data center (`mapped=none`): the connection did not leave through an egress IP
 * of this account.
 */
export function registerTraceRoute(app: FastifyInstance, deps: AppDeps): void {
  addRoute(app, deps, {
    method: 'GET',
    url: '/cdn-cgi/trace',
    tag: 'Verification (extension)',
    summary: 'What a destination sees of this connection (device token)',
    description:
      'text/plain key=value lines: fl, h, ip, ts, visit_scheme, uag, colo, sliver, http, loc, ' +
      'tls, sni, warp, gateway, rbi, kex, vnet, observed and mapped. observed is the source ' +
      'address of the connection as this server saw it. When it is the source_address gateway ' +
      'of one of the account’s egress IPs (the local simulator’s 127.0.0.N), ip= is that egress ' +
      'IP and mapped=source_address; when it is an egress IP itself, ip= is it and ' +
      'mapped=egress_ip; otherwise ip= is the observed address, colo= and loc= are empty and ' +
      'mapped=none. colo= and loc= are the egress IP’s data center and country. vnet= is the ' +
      'virtual network the server has the device on. Fetch it through the agent’s local proxy ' +
      'to observe where traffic really leaves.',
    access: 'member',
    produces: 'text/plain',
    handler: async ({ request, reply, principal }) => {
      if (principal.kind !== 'device') {
        throw forbidden(
          '/cdn-cgi/trace reports a device’s connection: call it with a device token',
        );
      }
      const snapshot = await deps.snapshots.get(principal.accountId);
      const observed = request.socket.remoteAddress ?? '';
      const key = addressKey(observed);
      const seen = key === undefined ? undefined : snapshot.egressBySeenAddress.get(key);
      const plainObserved = key === undefined ? observed : shortForm(observed);
      const tls = request.protocol === 'https';
      reply.type('text/plain; charset=utf-8');
      return formatTraceText({
        fl: `${(snapshot.version % 900) + 100}f${principal.device.id.slice(0, 3)}`,
        h: request.headers.host ?? '',
        ip: seen ? seen.ip.ipv4 : plainObserved,
        ts: (Date.now() / 1000).toFixed(3),
        visit_scheme: request.protocol,
        uag: request.headers['user-agent'] ?? '',
        colo: seen?.ip.colo ?? '',
        sliver: 'none',
        http: `http/${request.raw.httpVersion}`,
        loc: seen?.ip.country ?? '',
        tls: tls ? 'TLSv1.3' : 'off',
        sni: tls ? 'plaintext' : 'off',
        warp: seen ? 'on' : 'off',
        gateway: seen ? 'on' : 'off',
        rbi: 'off',
        kex: tls ? 'X25519' : 'none',
        vnet: principal.device.vnet_id,
        observed: plainObserved,
        mapped: seen?.via ?? 'none',
      });
    },
  });
}

/** `::ffff:127.0.0.1` (a dual-stack socket's IPv4 peer) as people write it. */
function shortForm(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}
