import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir (as the `postgres` system
 * user when running as root, since PostgreSQL refuses root), a free loopback port, its unix
 * socket in the temp dir, fsync off. `stop` (also run at process exit) kills it and removes
 * every file, whatever happened.
 */
export interface PostgresCluster {
  port: number;
  /** `postgres://egress@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  /** Creates the database unless it exists; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /**
   * Stops the server, keeping its files: a fast shutdown (connections terminated, as when an
   * administrator restarts it). Not an immediate one: with fsync and synchronous_commit off
   * that would drop commits still in the WAL buffers, which a real server does not.
   */
  halt(): void;
  /** Starts a halted server again on the same port. */
  restart(): void;
  stop(): void;
}

const SUPERUSER = 'egress';

/** The newest installed PostgreSQL's bin directory (Debian's layout), or `$PG_BIN`. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  if (postgresBinDir() === undefined) {
    return 'PostgreSQL binaries not found (apt-get install postgresql, or set PG_BIN)';
  }
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    return 'running as root and there is no `postgres` user to run the cluster as';
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresUnavailable());
  const root = mkdtempSync(join(tmpdir(), 'egress-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const data = join(root, 'data');
  let started = false;
  const pgCtlStop = (mode: 'fast' | 'immediate') => {
    if (!started) return;
    spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), [
      ...(asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
      'stop',
      '-D',
      data,
      '-m',
      mode,
      '-w',
    ]);
    started = false;
  };
  const halt = () => pgCtlStop('fast');
  const stop = () => {
    pgCtlStop('immediate');
    rmSync(root, { recursive: true, force: true });
    process.off('exit', stop);
  };
  process.on('exit', stop);
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(root, uid, gid);
    }
    run('initdb', ['-D', data, '-U', SUPERUSER, '--auth=trust', '--no-sync', '-E', 'UTF8']);
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-k ${root}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    const start = () => {
      started = true;
      run('pg_ctl', ['start', '-D', data, '-w', '-l', join(root, 'log'), '-o', settings]);
    };
    start();
    return {
      port,
      url: (database) => clusterUrl(port, database),
      createDatabase: (name) => ensureDatabase(port, name),
      halt,
      restart: () => {
        if (!started) start();
      },
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A database name for a test's file path: the same path is the same database. */
export function databaseNameFor(path: string): string {
  return `t_${createHash('sha256').update(path).digest('hex').slice(0, 24)}`;
}

/** The env var the global setup passes a running cluster's port in. */
export const TEST_PG_PORT_ENV = 'EGRESS_TEST_PG_PORT';

/** Whether this test run targets PostgreSQL (`EGRESS_TEST_DB=postgres`). */
export const onPostgres = process.env.EGRESS_TEST_DB === 'postgres';

/** The database for a test's would-be file, on the run's cluster. */
export function testDatabaseUrl(path: string): Promise<string> {
  const port = Number(process.env[TEST_PG_PORT_ENV]);
  if (!port) throw new Error(`EGRESS_TEST_DB=postgres but no cluster (${TEST_PG_PORT_ENV} unset)`);
  return ensureDatabase(port, databaseNameFor(path));
}

const clusterUrl = (port: number, database: string) =>
  `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;

/** Creates the database unless it exists (a test reopening its own); returns its URL. */
async function ensureDatabase(port: number, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: clusterUrl(port, 'postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    // 42P04: it exists.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
  return clusterUrl(port, name);
}
