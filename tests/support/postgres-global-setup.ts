import { onPostgres, postgresUnavailable, startPostgres, TEST_PG_PORT_ENV } from './postgres.js';

/**
 * Vitest global setup: with `EGRESS_TEST_DB=postgres`, one throwaway cluster for the whole run
 * (each test's server gets a database of its own on it), stopped and removed at the end.
 */
export default async function setup(): Promise<(() => void) | undefined> {
  if (!onPostgres) return undefined;
  const missing = postgresUnavailable();
  if (missing) throw new Error(`EGRESS_TEST_DB=postgres, but ${missing}`);
  const cluster = await startPostgres();
  process.env[TEST_PG_PORT_ENV] = String(cluster.port);
  return () => cluster.stop();
}
