import Database from 'libsql';
import { migrations as allMigrations, type Migration } from './migrations.js';

export type Db = InstanceType<typeof Database>;

/** Opens (creating if needed) the database, in WAL mode, with every migration applied. */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations): Db {
  const db = new Database(file);
  try {
    // First: switching to WAL takes a lock, and another process may be opening the same file.
    db.pragma('busy_timeout = 5000');
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies pending migrations in version order; returns the versions it applied. */
export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (row) => row.version,
    ),
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    inTransaction(db, () => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    });
    done.push(migration.version);
  }
  return done;
}

/**
 * Runs `fn` in one `BEGIN IMMEDIATE` transaction. libsql is synchronous, so nothing else in this
 * process interleaves; IMMEDIATE also keeps another process from writing in between.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
