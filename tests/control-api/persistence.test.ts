import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startControlApi } from '../../src/control-api/server.js';
import { openDatabase } from '../../src/control-api/store/database.js';
import { migrations } from '../../src/control-api/store/migrations.js';
import { onPostgres } from '../support/postgres.js';
import { call, caller, enrol, snapshotState, startTestApi, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('persistence', () => {
  it('a restart on the same file keeps the data, the version and the device tokens', async () => {
    const first = await startTestApi(tmp.dir, { file: 'restart.db' });
    const admin = caller(first);
    await admin('POST', 'teamnet/virtual_networks', { body: { name: 'vnet-persisted' } });
    await admin('PUT', 'users/new@example.com', { body: { groups: ['a', 'b'] } });
    const device = await enrol(first, 'laptop', 'new@example.com');
    const before = await snapshotState(first);
    await first.api.close();

    const second = await startTestApi(tmp.dir, { file: 'restart.db' });
    try {
      expect(second.api.accountId).toBe(first.api.accountId);
      expect(second.api.created).toBe(false);
      expect(await snapshotState(second)).toEqual(before);
      const mine = await caller(second, device.token)('GET', `devices/${device.id}`);
      expect(mine.status).toBe(200);
    } finally {
      await second.api.close();
    }
  });

  it('runs on the engine the test run asks for (EGRESS_TEST_DB=postgres: PostgreSQL)', async () => {
    const t = await startTestApi(tmp.dir, { file: 'engine.db' });
    try {
      expect(t.dbFile.startsWith('postgres://')).toBe(onPostgres);
      const ready = await call(t.api.url, 'GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.json.result).toEqual({ status: 'ready', schema_version: migrations.length });
    } finally {
      await t.api.close();
    }
  });

  it('is in WAL mode, with every migration recorded once', async () => {
    const file = join(tmp.dir, 'wal.db');
    const api = await startControlApi({ db: file, logLevel: 'error', adminTokenFile: null });
    await api.close();
    const db = await openDatabase(file);
    try {
      expect(db.pragma('journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      expect(rows.map((row) => (row as { version: number }).version)).toEqual(
        migrations.map((m) => m.version),
      );
    } finally {
      db.close();
    }
  });

  it('generates an admin token once, in a file only the user can read, and reuses it', async () => {
    const file = join(tmp.dir, 'token.db');
    const first = await startControlApi({ db: file, logLevel: 'error' });
    await first.close();
    expect(first.adminTokenGenerated).toBe(true);
    expect(first.adminTokenFile).toBe(`${file}.admin-token`);
    const tokenFile = first.adminTokenFile ?? '';
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(first.adminToken);

    const second = await startControlApi({ db: file, logLevel: 'error' });
    try {
      expect(second.adminTokenGenerated).toBe(false);
      expect(second.adminToken).toBe(first.adminToken);
      const accounts = await call(second.url, 'GET', '/client/v4/accounts', {
        token: first.adminToken,
      });
      expect(accounts.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('a given admin token replaces the stored one', async () => {
    const file = join(tmp.dir, 'replace.db');
    const first = await startControlApi({ db: file, logLevel: 'error' });
    await first.close();
    const second = await startControlApi({ db: file, logLevel: 'error', adminToken: 'chosen' });
    try {
      const old = await call(second.url, 'GET', '/client/v4/accounts', { token: first.adminToken });
      expect(old.status).toBe(401);
      const fresh = await call(second.url, 'GET', '/client/v4/accounts', { token: 'chosen' });
      expect(fresh.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('seeds only a new database, and `none` leaves just the default vnet', async () => {
    const api = await startTestApi(tmp.dir, { file: 'empty.db', seed: 'none' });
    try {
      const state = await snapshotState(api);
      expect(state.vnets.map((v: { name: string }) => v.name)).toEqual(['default']);
      expect([state.rules, state.ips, state.users]).toEqual([[], [], []]);
    } finally {
      await api.api.close();
    }
  });
});
