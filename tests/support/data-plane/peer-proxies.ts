/**
 * Real peer proxies for data-plane tests and the benchmark: Debian's microsocks (SOCKS5) and
 * tinyproxy (HTTP CONNECT), each bound to a loopback source address. Stop them in afterAll: stop()
 * kills the process by its pid and waits for it to exit.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.js';

export interface PeerProxy {
  host: string;
  port: number;
  pid: number;
  /** What the origin sees as the source address of connections made through it. */
  sourceAddress: string;
  stop(): Promise<void>;
}

export function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    cleanup();
  };
}

async function started(child: ChildProcess, name: string, port: number): Promise<void> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`${name} did not start: ${error.message}`)));
    child.once('exit', (code) =>
      reject(new Error(`${name} exited (${code}) before listening: ${output}`)),
    );
  });
  await Promise.race([waitForPort(port), failed]);
  child.removeAllListeners('exit');
}

export interface MicrosocksOptions {
  /** Outgoing source address (`-b`), e.g. 127.0.0.21. */
  sourceAddress: string;
  username?: string;
  password?: string;
  port?: number;
}

export async function startMicrosocks(options: MicrosocksOptions): Promise<PeerProxy> {
  const port = options.port ?? (await freePort());
  const args = ['-i', '127.0.0.1', '-p', String(port), '-b', options.sourceAddress];
  if (options.username !== undefined)
    args.push('-u', options.username, '-P', options.password ?? '');
  const child = spawn('microsocks', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await started(child, 'microsocks', port);
  return {
    host: '127.0.0.1',
    port,
    pid: child.pid ?? 0,
    sourceAddress: options.sourceAddress,
    stop: stopper(child, () => {}),
  };
}

export interface TinyproxyOptions {
  sourceAddress: string;
  username?: string;
  password?: string;
  port?: number;
}

/** tinyproxy in the foreground with a config of its own: no ConnectPort lines, so CONNECT to any port. */
export async function startTinyproxy(options: TinyproxyOptions): Promise<PeerProxy> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'tinyproxy-'));
  const lines = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    `Bind ${options.sourceAddress}`,
    'Timeout 60',
    'MaxClients 2048',
    'Allow 127.0.0.1',
    'LogLevel Critical',
    'DisableViaHeader Yes',
  ];
  if (options.username !== undefined)
    lines.push(`BasicAuth ${options.username} ${options.password ?? ''}`);
  const config = join(dir, 'tinyproxy.conf');
  writeFileSync(config, `${lines.join('\n')}\n`);
  const child = spawn('tinyproxy', ['-d', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  await started(child, 'tinyproxy', port);
  return {
    host: '127.0.0.1',
    port,
    pid: child.pid ?? 0,
    sourceAddress: options.sourceAddress,
    stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })),
  };
}
