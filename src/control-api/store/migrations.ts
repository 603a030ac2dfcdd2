/**
 * Numbered schema migrations, applied in order, each once, each in its own transaction; the
 * applied ones are recorded in `schema_migrations`. Never edit a released migration: append.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
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
];
