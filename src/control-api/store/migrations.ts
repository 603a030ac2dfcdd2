/**
 * Numbered schema migrations, applied in order, each once, each in its own transaction; the
 * applied ones are recorded in `schema_migrations`. Never edit a released migration: append.
 * Each has its DDL per engine (types and what an old database needs differ); the queries
 * that run on the schema are one portable set (see engine.ts).
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

/**
 * PostgreSQL's first schema: the same tables, with DOUBLE PRECISION for coordinates and a
 * `rowid` of their own where lists come in insertion order (SQLite's implicit rowid).
 */
const POSTGRES_INITIAL = `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    config_version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
  );
  CREATE TABLE admin_tokens (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL
  );
  CREATE TABLE virtual_networks (
    rowid BIGSERIAL NOT NULL,
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    deleted_at TEXT
  );
  CREATE UNIQUE INDEX virtual_networks_live_name
    ON virtual_networks(account_id, name) WHERE deleted_at IS NULL;
  CREATE UNIQUE INDEX virtual_networks_one_default
    ON virtual_networks(account_id) WHERE is_default = 1;
  CREATE TABLE egress_ips (
    rowid BIGSERIAL NOT NULL,
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    ipv4 TEXT NOT NULL,
    ipv6 TEXT NOT NULL,
    colo TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lon DOUBLE PRECISION NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('healthy', 'down')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (account_id, ipv4)
  );
  CREATE TABLE gateway_rules (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    precedence INTEGER NOT NULL,
    enabled INTEGER NOT NULL,
    traffic TEXT NOT NULL DEFAULT '',
    identity TEXT NOT NULL DEFAULT '',
    device_posture TEXT NOT NULL DEFAULT '',
    egress TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (account_id, precedence)
  );
  CREATE TABLE users (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    email TEXT NOT NULL,
    groups TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (account_id, email)
  );
  CREATE TABLE devices (
    rowid BIGSERIAL NOT NULL,
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    user_email TEXT NOT NULL,
    vnet_id TEXT NOT NULL REFERENCES virtual_networks(id),
    location TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX devices_by_vnet ON devices(vnet_id);
`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    postgres: POSTGRES_INITIAL,
    sqlite: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        config_version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
      );
      CREATE TABLE admin_tokens (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL
      );
      CREATE TABLE virtual_networks (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        is_default INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE UNIQUE INDEX virtual_networks_live_name
        ON virtual_networks(account_id, name) WHERE deleted_at IS NULL;
      CREATE UNIQUE INDEX virtual_networks_one_default
        ON virtual_networks(account_id) WHERE is_default = 1;
      CREATE TABLE egress_ips (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        ipv4 TEXT NOT NULL,
        ipv6 TEXT NOT NULL,
        colo TEXT NOT NULL,
        city TEXT NOT NULL,
        country TEXT NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('healthy', 'down')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (account_id, ipv4)
      );
      CREATE TABLE gateway_rules (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        precedence INTEGER NOT NULL,
        enabled INTEGER NOT NULL,
        traffic TEXT NOT NULL DEFAULT '',
        identity TEXT NOT NULL DEFAULT '',
        device_posture TEXT NOT NULL DEFAULT '',
        egress TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (account_id, precedence)
      );
      CREATE TABLE users (
        account_id TEXT NOT NULL REFERENCES accounts(id),
        email TEXT NOT NULL,
        groups TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account_id, email)
      );
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        name TEXT NOT NULL,
        user_email TEXT NOT NULL,
        vnet_id TEXT NOT NULL REFERENCES virtual_networks(id),
        location TEXT,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX devices_by_vnet ON devices(vnet_id);
    `,
  },
  {
    version: 2,
    name: 'egress IP gateways and health probes',
    // No PostgreSQL database predates gateways: only the columns.
    postgres: `
      ALTER TABLE egress_ips ADD COLUMN gateway TEXT;
      ALTER TABLE egress_ips ADD COLUMN status_source TEXT NOT NULL DEFAULT 'manual'
        CHECK (status_source IN ('probe', 'manual'));
      ALTER TABLE egress_ips ADD COLUMN last_probe_at TEXT;
      ALTER TABLE egress_ips ADD COLUMN last_probe_error TEXT;
      ALTER TABLE egress_ips ADD COLUMN probe_rtt_ms DOUBLE PRECISION;
    `,
    sqlite: `
      ALTER TABLE egress_ips ADD COLUMN gateway TEXT;
      ALTER TABLE egress_ips ADD COLUMN status_source TEXT NOT NULL DEFAULT 'manual'
        CHECK (status_source IN ('probe', 'manual'));
      ALTER TABLE egress_ips ADD COLUMN last_probe_at TEXT;
      ALTER TABLE egress_ips ADD COLUMN last_probe_error TEXT;
      ALTER TABLE egress_ips ADD COLUMN probe_rtt_ms REAL;
      -- A demo database from before gateways gets the seed's loopback gateways (the ids and
      -- addresses are the demo seed's own), as a configuration change.
      CREATE TEMP TABLE demo_gateways (id TEXT PRIMARY KEY, ipv4 TEXT, source_address TEXT);
      INSERT INTO demo_gateways VALUES
        ('de5e0001-0000-4000-8000-000000000001', '192.0.2.10', '127.0.0.10'),
        ('de5e0001-0000-4000-8000-000000000002', '192.0.2.11', '127.0.0.11'),
        ('de5e0001-0000-4000-8000-000000000003', '192.0.2.20', '127.0.0.20'),
        ('de5e0001-0000-4000-8000-000000000004', '198.51.100.30', '127.0.0.30'),
        ('de5e0001-0000-4000-8000-000000000005', '198.51.100.40', '127.0.0.40');
      UPDATE accounts SET config_version = config_version + 1 WHERE id IN (
        SELECT e.account_id FROM egress_ips e JOIN demo_gateways d USING (id, ipv4));
      UPDATE egress_ips SET gateway = (
        SELECT json_object('source_address', d.source_address) FROM demo_gateways d
        WHERE d.id = egress_ips.id AND d.ipv4 = egress_ips.ipv4)
      WHERE id IN (SELECT id FROM demo_gateways);
      DROP TABLE demo_gateways;
    `,
  },
  {
    version: 3,
    name: 'probe streaks in the database',
    // Consecutive probe outcomes: n > 0 successes in a row, -n failures. Kept with the row, not
    // in the prober's memory, so a replica that takes the probes over continues the count.
    postgres: 'ALTER TABLE egress_ips ADD COLUMN probe_streak INTEGER NOT NULL DEFAULT 0;',
    sqlite: 'ALTER TABLE egress_ips ADD COLUMN probe_streak INTEGER NOT NULL DEFAULT 0;',
  },
];
