import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS } from '../../src/control-api/seed/demo.js';
import { openDatabase } from '../../src/control-api/store/database.js';
import { migrations } from '../../src/control-api/store/migrations.js';
import { Store } from '../../src/control-api/store/store.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('migration 2: gateways', () => {
  it('gives a demo database from before gateways the seed’s loopback gateways, as a new version', async () => {
    const file = join(tmp.dir, 'v1.db');
    const old = await openDatabase(
      file,
      migrations.filter((migration) => migration.version === 1),
    );
    const at = '2026-01-01T00:00:00.000Z';
    old
      .prepare(
        "INSERT INTO accounts (id, name, config_version, created_at) VALUES ('a', 'demo', 7, ?)",
      )
      .run(at);
    const insert = old.prepare(
      `INSERT INTO egress_ips (id, account_id, ipv4, ipv6, colo, city, country, lat, lon, status,
         created_at, updated_at) VALUES (?, 'a', ?, ?, ?, 'x', 'GB', 0, 0, 'healthy', ?, ?)`,
    );
    insert.run(
      DEMO_EGRESS_IPS.lhr.id,
      DEMO_EGRESS_IPS.lhr.ipv4,
      DEMO_EGRESS_IPS.lhr.ipv6,
      'LHR',
      at,
      at,
    );
    // Someone else's IP (not the demo's id and address) is left alone.
    insert.run('mine', '198.18.0.9', '2001:db8:99::/48', 'LHR', at, at);
    old.close();

    const store = await Store.open(file);
    try {
      expect((await store.accounts.get('a'))?.config_version).toBe(8);
      expect(await store.egressIps.get('a', DEMO_EGRESS_IPS.lhr.id)).toMatchObject({
        gateway: { source_address: '127.0.0.10' },
        status_source: 'manual',
        last_probe_at: null,
      });
      expect((await store.egressIps.get('a', 'mine'))?.gateway).toBeNull();
    } finally {
      await store.close();
    }
  });
});
