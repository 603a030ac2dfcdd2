import type { Engine } from './engine.js';
import { migrations as allMigrations, type Migration } from './migrations.js';
import type { PostgresEngineOptions } from './postgres-engine.js';
import { type Db, SqliteEngine } from './sqlite-engine.js';

export type { Db } from './sqlite-engine.js';

/** `postgres://` / `postgresql://` URLs select PostgreSQL; anything else is a libsql file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** Opens the engine `db` names, connected, not yet migrated. */
export async function openEngine(db: string, options: PostgresEngineOptions = {}): Promise<Engine> {
  if (!isPostgresUrl(db)) return new SqliteEngine(db);
  // Loaded only for PostgreSQL: the embedded engine (the app, the simulator) never pays for pg.
  const { PostgresEngine } = await import('./postgres-engine.js');
  const engine = new PostgresEngine(db, options);
  try {
    await engine.start();
    return engine;
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/** An embedded database file with `migrations` applied, as a raw libsql handle (tests, tools). */
export async function openDatabase(
  file: string,
  migrations: readonly Migration[] = allMigrations,
): Promise<Db> {
  const engine = new SqliteEngine(file);
  try {
    await engine.migrate(migrations);
    return engine.db;
  } catch (error) {
    await engine.close();
    throw error;
  }
}
