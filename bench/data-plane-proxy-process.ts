/**
 * The local proxy in a process of its own for the data-plane benchmark (as the agent runs it, and
 * as the peer proxies run): a trivial decision (direct, shared egress). Over IPC it reports its
 * port once listening, then answers `{ type: 'stats' }` with its RSS and counters. The benchmark
 * bundles it with esbuild and runs it with plain node, so its RSS is the proxy's, not a loader's.
 */
import { startLocalProxy } from '../src/main/agent/data-plane/proxy/index.js';
import type { RouteDecision } from '../src/main/agent/data-plane/route.js';

const decision: RouteDecision = {
  ok: true,
  upstream: { kind: 'direct' },
  label: {
    vnet_id: null,
    vnet_name: null,
    rule: null,
    egress_ipv4: null,
    egress_kind: 'shared',
    gateway: 'direct',
    config_version: 1,
  },
};

async function main(): Promise<void> {
  const proxy = await startLocalProxy({ port: 0, route: () => decision });
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stats') {
      process.send?.({ type: 'stats', rss: process.memoryUsage().rss, counters: proxy.counters() });
    } else if (message.type === 'stop') {
      void proxy.close().then(() => process.exit(0));
    }
  });
  process.send?.({ type: 'listening', port: proxy.port });
}

void main();
