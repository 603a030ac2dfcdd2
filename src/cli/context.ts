import { resolveSocketPath } from '../main/agent/local-api/socket-path.js';
import type { AgentApi, ConnectionChange } from '../shared/agent/index.js';
import { colorWanted, createStyle, type Style } from './output/style.js';

/** Options every command accepts (before or after its name). */
export interface GlobalOptions {
  json?: boolean;
  socket?: string;
  /** Seconds. */
  timeout?: number;
}

export interface CliStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** What a command needs: where the agent is, how to print, and a client made on first use. */
export class CliContext {
  readonly json: boolean;
  readonly socketPath: string;
  readonly timeoutMs: number;
  readonly style: Style;
  readonly streams: CliStreams;

  constructor(options: GlobalOptions, streams: CliStreams) {
    this.json = options.json === true;
    this.socketPath = resolveSocketPath(options.socket, { env: streams.env });
    this.timeoutMs = Math.round((options.timeout ?? 60) * 1000);
    this.style = createStyle(!this.json && colorWanted(streams.stdout, streams.env));
    this.streams = streams;
  }

  /** A client over the agent's socket; loaded lazily so `--help` and `schema` stay instant. */
  async agent(
    onConnectionChange?: (change: ConnectionChange) => void,
    options: { connectionFeed?: boolean } = {},
  ): Promise<AgentApi> {
    const { createLocalAgentClient } = await import('../main/agent/local-api/local-client.js');
    return createLocalAgentClient({
      socketPath: this.socketPath,
      timeoutMs: this.timeoutMs,
      onConnectionChange,
      connectionFeed: options.connectionFeed,
    }).api;
  }

  /** One JSON document (pretty, for people reading scripts' input too). */
  printJson(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One JSON object on one line (watch, agent). */
  printJsonLine(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }

  print(text: string): void {
    this.streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  note(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }
}
