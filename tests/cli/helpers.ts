import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const root = join(import.meta.dirname, '..', '..');
export const bin = join(root, 'bin', 'egressctl.cjs');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root });
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.stderr.on('data', (chunk) => {
      text += chunk;
    });
    child.on('close', () => resolve(text));
  });
}

/**
 * Builds what bin/egressctl.cjs runs, as `npm run build:node` does (tsc for the agent and control
 * API, then the egressctl bundle), once per test run. Test files run in parallel, so a directory
 * lock serialises the builds and a stamp lets later files reuse an earlier one. Type errors
 * elsewhere in the tree do not stop tsc from emitting; a missing bundle does.
 */
export async function ensureBuilt(): Promise<void> {
  const dist = join(root, 'dist');
  const lock = join(dist, '.egressctl-test-build.lock');
  const stamp = join(dist, '.egressctl-test-build.stamp');
  const startedAt = Date.now() - process.uptime() * 1000;
  mkdirSync(dist, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock).mtimeMs > 180_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (existsSync(stamp) && statSync(stamp).mtimeMs > startedAt) return;
    const output = [
      await run(tsc, ['-p', join(root, 'tsconfig.build.json')]),
      await run(process.execPath, [join(root, 'scripts', 'build-cli.mjs')]),
    ].join('');
    for (const file of ['egressctl.cjs', 'launcher.cjs']) {
      if (!existsSync(join(dist, 'cli', file))) {
        throw new Error(`npm run build:node did not produce dist/cli/${file}:\n${output}`);
      }
    }
    writeFileSync(stamp, new Date().toISOString());
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export { tempDir } from '../support/temp-dir.js';

export interface CliEnv {
  socket: string;
  home: string;
}

function childEnv(env: CliEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    EGRESS_SWITCHER_SOCKET: env.socket,
    EGRESS_SWITCHER_HOME: env.home,
    // Test agents run side by side: each proxy on a free port, never the default 40000.
    EGRESS_SWITCHER_PROXY_PORT: '0',
    NO_COLOR: '1',
    ...extra,
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed output is checked against its schema
  json: any;
}

/** Runs `egressctl <args>` as a child process (asynchronously: the agent may share our loop). */
export function runCli(
  env: CliEnv,
  args: readonly string[],
  options: { extraEnv?: NodeJS.ProcessEnv; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
      env: childEnv(env, options.extraEnv),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`egressctl ${args.join(' ')} timed out\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: unknown = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = null;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/** A long-running egressctl (agent, watch) whose stdout is read line by line. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  stderr(): string;
  /** Waits until `count` lines were printed. */
  waitForLines(count: number, timeoutMs?: number): Promise<string[]>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export function startCli(
  env: CliEnv,
  args: readonly string[],
  extraEnv?: NodeJS.ProcessEnv,
): CliProcess {
  const child = spawn(process.execPath, [bin, ...args], { env: childEnv(env, extraEnv) });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    async waitForLines(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (lines.length < count) {
        if (child.exitCode !== null) {
          throw new Error(`egressctl ${args.join(' ')} exited (${child.exitCode}):\n${stderr}`);
        }
        if (Date.now() > deadline) {
          throw new Error(
            `waited for ${count} lines of egressctl ${args.join(' ')}:\n${lines.join('\n')}\n${stderr}`,
          );
        }
        await sleep(25);
      }
      return lines.slice(0, count);
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
