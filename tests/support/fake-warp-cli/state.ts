import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fake warp-cli executable (a Node script): put its directory on PATH or pass its path. */
export const FAKE_WARP_CLI = join(import.meta.dirname, 'warp-cli');
export const FAKE_WARP_CLI_DIR = import.meta.dirname;
// Git keeps the mode, but a copy made without it (an archive, a CI cache) would not run.
chmodSync(FAKE_WARP_CLI, 0o755);

export interface FakeVnet {
  id: string;
  name: string;
  description: string;
  default: boolean;
}

/** Everything the fake answers from; tests change it between calls. */
export interface FakeWarpState {
  daemon_running: boolean;
  registered: boolean;
  tos_accepted: boolean;
  connected: boolean;
  /** While now < this (epoch ms), status says `Connecting`. */
  connecting_until: number;
  /** How long a switch's reconnect takes. */
  switch_ms: number;
  /** A switch leaves WARP disconnected (it never comes back). */
  connect_never?: boolean;
  /** Every call sleeps this long first (a slow client). */
  delay_ms?: number;
  /** `reason` in `--json status` as an object (`{"ManualDisconnect":null}`) or a string. */
  reason_style?: 'object' | 'string';
  /** Set: `vnet <id>` prints this instead of Success (and exits with `vnet_answer_exit`). */
  vnet_answer?: Record<string, unknown> | null;
  vnet_answer_exit?: number;
  active_vnet_id: string;
  /** What this device's profile lets it select. */
  vnets: FakeVnet[];
  registration: {
    device_id: string;
    public_key: string;
    account_id: string;
    organization: string;
    email: string | null;
  };
}

export interface FakeWarp {
  statePath: string;
  logPath: string;
  /** Environment for a process that runs the fake. */
  env: Record<string, string>;
  read(): FakeWarpState;
  update(change: (state: FakeWarpState) => void): FakeWarpState;
  /** Every invocation's arguments, oldest first. */
  calls(): string[][];
}

/** Writes a fresh state file in `dir` (selectable vnets, connected, registered as `email`). */
export function createFakeWarp(
  dir: string,
  init: { vnets: FakeVnet[]; active?: string; email?: string | null; accountId?: string } & Partial<
    Omit<FakeWarpState, 'vnets' | 'registration'>
  >,
): FakeWarp {
  const statePath = join(dir, 'fake-warp-state.json');
  const logPath = join(dir, 'fake-warp-calls.jsonl');
  const { vnets, active, email, accountId, ...rest } = init;
  const state: FakeWarpState = {
    daemon_running: true,
    registered: true,
    tos_accepted: true,
    connected: true,
    connecting_until: 0,
    switch_ms: 0,
    reason_style: 'object',
    vnet_answer: null,
    active_vnet_id: active ?? vnets.find((vnet) => vnet.default)?.id ?? vnets[0]?.id ?? '',
    vnets,
    registration: {
      device_id: '6f1a9a3e-0000-4000-8000-00000000d001',
      public_key: 'fake-public-key',
      account_id: accountId ?? '0000',
      organization: 'example',
      email: email === undefined ? 'qa@example.com' : email,
    },
    ...rest,
  };
  const write = (next: FakeWarpState) => {
    writeFileSync(`${statePath}.tmp`, JSON.stringify(next, null, 2));
    renameSync(`${statePath}.tmp`, statePath);
  };
  write(state);
  const read = () => JSON.parse(readFileSync(statePath, 'utf8')) as FakeWarpState;
  return {
    statePath,
    logPath,
    env: { FAKE_WARP_STATE: statePath, FAKE_WARP_LOG: logPath },
    read,
    update(change) {
      const next = read();
      change(next);
      write(next);
      return next;
    },
    calls() {
      if (!existsSync(logPath)) return [];
      return readFileSync(logPath, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => (JSON.parse(line) as { argv: string[] }).argv);
    },
  };
}
