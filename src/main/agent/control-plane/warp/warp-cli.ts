import { execFile } from 'node:child_process';
import { classifyWarpOutput, oneLine, WarpCliError } from './warp-cli-error.js';
import {
  isSuccess,
  parseRegistration,
  parseStatus,
  parseVnetList,
  type WarpRegistration,
  type WarpStatus,
  type WarpVnetList,
} from './warp-cli-output.js';

export interface WarpCliOptions {
  /** The executable (see locateWarpCli). */
  path: string;
  /** Per call; a slower client counts as failed. Default 15 s. */
  timeoutMs?: number | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Drives the real client's command line. Reads never pass `--accept-tos` (accepting Cloudflare's
 * terms is the user's call, and their absence is reported as such); a switch, which the user
 * asked for, passes it as every public script does.
 */
export class WarpCli {
  readonly path: string;
  readonly #timeoutMs: number;
  readonly #env: NodeJS.ProcessEnv | undefined;

  constructor(options: WarpCliOptions) {
    this.path = options.path;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#env = options.env;
  }

  async listVnets(): Promise<WarpVnetList> {
    const args = ['--json', 'vnet'];
    const ran = await this.#ok(args);
    const list = parseVnetList(ran.stdout);
    if (!list) throw unreadable(args, ran);
    return list;
  }

  async status(): Promise<WarpStatus> {
    const args = ['--json', 'status'];
    const ran = await this.#ok(args);
    const status = parseStatus(ran.stdout);
    if (!status) throw unreadable(args, ran);
    return status;
  }

  async registration(): Promise<WarpRegistration> {
    const ran = await this.#ok(['--json', 'registration', 'show']);
    return parseRegistration(ran.stdout);
  }

  /** Selects a vnet by id; anything but `Success` is a refusal that says what warp-cli said. */
  async selectVnet(vnetId: string): Promise<void> {
    const args = ['--accept-tos', '--json', 'vnet', vnetId];
    const ran = await this.#run(args);
    if (ran.code === 0 && isSuccess(ran.stdout)) return;
    throw classifyWarpOutput(args, `${ran.stdout}\n${ran.stderr}`);
  }

  async #ok(args: string[]): Promise<Ran> {
    const ran = await this.#run(args);
    if (ran.code !== 0) throw classifyWarpOutput(args, `${ran.stderr}\n${ran.stdout}`);
    return ran;
  }

  #run(args: string[]): Promise<Ran> {
    return new Promise((resolve, reject) => {
      execFile(
        this.path,
        args,
        { timeout: this.#timeoutMs, env: this.#env ?? process.env, windowsHide: true },
        (error, stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(new WarpCliError('not_installed', `warp-cli is no longer at ${this.path}`));
            return;
          }
          if (error?.killed) {
            reject(
              new WarpCliError(
                'timeout',
                `warp-cli ${args.join(' ')} did not answer within ${this.#timeoutMs / 1000} s`,
              ),
            );
            return;
          }
          const code = typeof error?.code === 'number' ? error.code : error ? 1 : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  }
}

function unreadable(args: readonly string[], ran: Ran): WarpCliError {
  return new WarpCliError(
    'refused',
    `warp-cli ${args.join(' ')} answered something this app cannot read: ${oneLine(ran.stdout || ran.stderr) || '(no output)'}`,
  );
}
