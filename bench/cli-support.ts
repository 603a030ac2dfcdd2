/** What the egressctl benchmarks share: the built bin, a headless agent it talks to, a timer. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createHeadlessAgent, type HeadlessAgentOptions } from '../src/main/agent/index.js';
import { serveLocalApi } from '../src/main/agent/local-api/index.js';

const root = join(import.meta.dirname, '..');
export const egressctlBin = join(root, 'bin', 'egressctl.cjs');

function newestMtime(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .reduce(
      (newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs),
      0,
    );
}

/**
 * Measures what `npm run build:node` produced; rebuilds when the sources are newer. Returns a
 * note for the section when it rebuilt.
 */
export function ensureCliBuilt(): string | null {
  const bundle = join(root, 'dist', 'cli', 'egressctl.cjs');
  const sources = ['src/cli', 'src/main/agent', 'src/shared', 'src/control-api'].map((dir) =>
    newestMtime(join(root, dir)),
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(...sources)) return null;
  spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
  });
  spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
  if (!existsSync(bundle)) throw new Error(`npm run build:node did not produce ${bundle}`);
  return 'dist/ was older than the sources: rebuilt with npm run build:node first';
}

/** Spawn → exit of one command, in ms, with what it printed; rejects when it fails. */
export function timeProcess(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

export interface CliAgent {
  socketPath: string;
  /** The environment that points egressctl at this agent, with its own code-cache directory. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** A headless agent on the local simulator, serving its LocalAPI in a temp directory. */
export async function startCliAgent(
  prefix: string,
  options: Pick<HeadlessAgentOptions, 'proxyPort'> = {},
): Promise<CliAgent> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const socketPath = join(dir, 'agent.sock');
  const headless = await createHeadlessAgent({
    dataDir: join(dir, 'home'),
    localSimulator: true,
    logger: pino({ level: 'silent' }),
    ...options,
  });
  const local = await serveLocalApi(headless.agent, { socketPath });
  return {
    socketPath,
    env: {
      ...process.env,
      EGRESS_SWITCHER_SOCKET: socketPath,
      EGRESS_SWITCHER_HOME: join(dir, 'cli-home'),
      NO_COLOR: '1',
    },
    close: async () => {
      await local.close();
      await headless.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
