/**
 * The local proxy in a process of its own for the data-plane benchmark (as the agent runs it, and
 * as the peer proxies run): a trivial decision (direct, shared egress). Over IPC it reports its
 * port once listening, then answers `{ type: 'stats' }` with its RSS and counters. The benchmark
 * bundles it with esbuild and runs it with plain node, so its RSS is the proxy's, not a loader's.
 */
import { startLocalProxy } from '../src/main/agent/data-plane/proxy/index.js';
import { DIRECT_DECISION } from './data-plane-support.js';

async function main(): Promise<void> {
  const proxy = await startLocalProxy({ port: 0, route: () => DIRECT_DECISION });
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
