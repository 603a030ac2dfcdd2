#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import envPaths from 'env-paths';
import pino from 'pino';
import { errorMessage } from '../shared/text/error-message.js';
import { parseProbeTarget } from './probes/probe-target.js';
import { type ControlApiHandle, type SeedName, startControlApi } from './server.js';
import { isPostgresUrl } from './store/database.js';

function defaultDatabase(): string {
  return join(envPaths('egress-switcher', { suffix: '' }).data, 'control-api.db');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected a port number 0–65535 (0 picks a free one)');
  }
  return port;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new InvalidArgumentError('expected seconds, 0–86400 (0 turns probing off)');
  }
  return seconds;
}

function checkProbeTarget(value: string): string {
  try {
    parseProbeTarget(value);
  } catch (error) {
    throw new InvalidArgumentError(errorMessage(error));
  }
  return value;
}

interface CliOptions {
  host: string;
  port: number;
  db?: string;
  seed: SeedName;
  adminToken?: string;
  logLevel: string;
  probeInterval: number;
  probeTarget?: string;
}

const program = new Command('egress-control-api')
  .description(
    'The Egress Switcher control plane: a Cloudflare-compatible API for virtual networks, ' +
      'egress IPs and egress policies.',
  )
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 8787)
  .option(
    '--db <file|url>',
    'SQLite database file, :memory:, or postgres://user@host:port/db (any number of servers ' +
      `may share one PostgreSQL database; default: $DATABASE_URL, else ${defaultDatabase()})`,
  )
  .addOption(
    new Option('--seed <seed>', 'data for a NEW database (an existing one is never re-seeded)')
      .choices(['demo', 'none'])
      .default('demo'),
  )
  .option(
    '--admin-token <token>',
    'admin token to accept (default: generated on first start, shown once, saved next to the db)',
  )
  .option(
    '--probe-interval <seconds>',
    'seconds between health probes of proxy_url gateways (each probe times out sooner; 0: off)',
    parseSeconds,
    5,
  )
  .option(
    '--probe-target <host:port>',
    'where HTTP gateways are asked to CONNECT when probed (default: this server’s own address)',
    checkProbeTarget,
  )
  .addOption(
    new Option('--log-level <level>', 'log level (logs go to stderr)')
      .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  );

function describeToken(api: ControlApiHandle): string {
  if (api.adminTokenGenerated) {
    const where = api.adminTokenFile ? ` (shown once; also saved to ${api.adminTokenFile})` : '';
    return `Admin token${where}: ${api.adminToken}`;
  }
  if (api.adminToken !== null && api.adminTokenFile) {
    return `Admin token: as saved in ${api.adminTokenFile}`;
  }
  if (api.adminToken !== null) return 'Admin token: as given by --admin-token';
  return 'Admin token: set on an earlier start (its file is gone); pass --admin-token to set one';
}

/** A database URL as it may be printed: without its password. */
function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<CliOptions>();
  const fromEnv = process.env.DATABASE_URL?.trim() || undefined;
  const db = options.db ?? fromEnv ?? defaultDatabase();
  const remote = isPostgresUrl(db);
  if (db !== ':memory:' && !remote) mkdirSync(join(db, '..'), { recursive: true, mode: 0o700 });
  const logger = pino({ level: options.logLevel }, pino.destination(2));
  // Installed before starting, so a signal during startup still ends in a clean close.
  let stopRequested: string | undefined;
  let api: ControlApiHandle | undefined;
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    stopRequested = signal;
    api?.close().then(
      () => logger.info('stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'failed to stop cleanly');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  api = await startControlApi({
    host: options.host,
    port: options.port,
    db,
    seed: options.seed,
    adminToken: options.adminToken,
    logger,
    probeIntervalMs: options.probeInterval * 1000,
    probeTarget: options.probeTarget,
  });
  const lines = [
    `Control API listening on ${api.url}`,
    `Account: ${api.accountId}${api.created ? ` (new database, seed: ${options.seed})` : ''}`,
    `Database: ${remote ? redactPassword(db) : db}`,
    describeToken(api),
    ...api.notices.map((notice) => `Note: ${notice}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (stopRequested !== undefined) stop(stopRequested);
}

main().catch((error: unknown) => {
  process.stderr.write(`egress-control-api: ${errorMessage(error)}\n`);
  process.exitCode = 1;
});
