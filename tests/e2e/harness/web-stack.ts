import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackoffPolicy } from '../../../src/main/agent/connectivity/backoff.js';
import { createHeadlessAgent, type HeadlessAgent } from '../../../src/main/agent/headless.js';
import { type LocalApiHandle, serveLocalApi } from '../../../src/main/agent/local-api/index.js';
import {
  type ControlApiControl,
  startControlApiChild,
  startControlApiControl,
} from './control-api-process.js';
import { ensureRendererBuilt, RENDERER_OUT } from './renderer-build.js';
import { type StaticServer, serveStatic } from './static-server.js';

export interface WebStackOptions {
  /**
   * `separate` (default): a control API started here on a temp database, which tests can stop,
   * restart and change as an admin. `child`: the same in its own process (not restartable), so
   * it does not share an event loop with the agent — as in the desktop app, where the simulator
   * is a utility process. `agent-simulator`: the agent's own in-process local simulator.
   */
  controlApi?: 'separate' | 'child' | 'agent-simulator';
  /** The agent's home (settings, device token). Default: a temp dir removed on close. */
  dataDir?: string;
  /** Where the renderer is served. Default 0 (a free port). */
  staticPort?: number;
  /** Decides the user's location and so "nearest". Default Europe/London. */
  timeZone?: string;
  backoff?: BackoffPolicy;
  logLevel?: string;
  /** The agent's local proxy port. Default 0 (a free port: 40000 may be taken on this machine). */
  proxyPort?: number;
}

export interface WebStack {
  /** The popover with the bridge parameters: open this. */
  pageUrl: string;
  staticUrl: string;
  bridgeUrl: string;
  bridgeToken: string;
  agent: HeadlessAgent;
  /** Null with the agent's own simulator. */
  controlApi: ControlApiControl | null;
  /** The agent's LocalAPI listener: stop it (the agent "dies" for the page) and bring it back. */
  bridge: { stop(): Promise<void>; restart(): Promise<void> };
  close(): Promise<void>;
}

/**
 * The popover's browser stack, all real and all on loopback: a control API (demo seed), a
 * headless agent enrolled on it, the agent's LocalAPI on TCP with a token (the dev bridge), and
 * the built renderer on a static server.
 */
export async function startWebStack(options: WebStackOptions = {}): Promise<WebStack> {
  await ensureRendererBuilt();
  const ownDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'egress-web-')) : null;
  const home = options.dataDir ?? (ownDir as string);
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  };
  try {
    let controlApi: ControlApiControl | null = null;
    const mode = options.controlApi ?? 'separate';
    if (mode !== 'agent-simulator') {
      const db = join(home, 'control-api.db');
      const api =
        mode === 'child' ? await startControlApiChild(db) : await startControlApiControl(db);
      controlApi = api;
      cleanups.push(() => api.stop());
    }
    const agent = await createHeadlessAgent({
      dataDir: join(home, 'agent'),
      ...(controlApi
        ? { apiUrl: controlApi.url, token: controlApi.adminToken }
        : { localSimulator: true }),
      timeZone: options.timeZone ?? 'Europe/London',
      hostname: 'e2e-browser',
      logLevel: options.logLevel ?? 'error',
      backoff: options.backoff,
      proxyPort: options.proxyPort ?? 0,
    });
    cleanups.push(() => agent.stop());
    const serveBridge = (port: number, token?: string) =>
      serveLocalApi(agent.agent, {
        socketPath: null,
        tcp: { host: '127.0.0.1', port, ...(token === undefined ? {} : { token }) },
      });
    let localApi: LocalApiHandle | null = await serveBridge(0);
    const first = localApi;
    cleanups.push(() => localApi?.close());
    const web: StaticServer = await serveStatic(RENDERER_OUT, '127.0.0.1', options.staticPort ?? 0);
    cleanups.push(() => web.close());

    const bridgeUrl = first.tcpUrl as string;
    const bridgeToken = first.tcpToken as string;
    const bridge = {
      async stop() {
        const open = localApi;
        localApi = null;
        await open?.close();
      },
      async restart() {
        localApi ??= await serveBridge(Number(new URL(bridgeUrl).port), bridgeToken);
      },
    };
    const query = new URLSearchParams({ bridge: bridgeUrl, token: bridgeToken });
    return {
      pageUrl: `${web.url}/index.html?${query}`,
      staticUrl: web.url,
      bridgeUrl,
      bridgeToken,
      agent,
      controlApi,
      bridge,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
