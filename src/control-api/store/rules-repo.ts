import type { EgressSettings, GatewayRule } from '../../shared/api/index.js';
import type { EgressRuleInput } from '../../shared/egress/index.js';
import type { Db } from './database.js';

interface RuleRow {
  id: string;
  name: string;
  description: string;
  precedence: number;
  enabled: number;
  traffic: string;
  identity: string;
  device_posture: string;
  egress: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * What a write stores: what the resolver reads of a rule (its id aside) plus the description;
 * the rest of a GatewayRule is fixed or derived.
 */
export type RuleFields = Omit<EgressRuleInput, 'id'> & { description: string };

const toRule = (row: RuleRow): GatewayRule => {
  const egress = row.egress === null ? null : (JSON.parse(row.egress) as EgressSettings);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    precedence: row.precedence,
    enabled: row.enabled === 1,
    action: 'egress',
    filters: ['egress'],
    traffic: row.traffic,
    identity: row.identity,
    device_posture: row.device_posture,
    rule_settings: egress ? { egress } : {},
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: null,
  };
};

export class RulesRepo {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /** In evaluation order. */
  list(accountId: string): GatewayRule[] {
    const rows = this.#db
      .prepare('SELECT * FROM gateway_rules WHERE account_id = ? ORDER BY precedence')
      .all(accountId) as RuleRow[];
    return rows.map(toRule);
  }

  get(accountId: string, id: string): GatewayRule | undefined {
    const row = this.#db
      .prepare('SELECT * FROM gateway_rules WHERE account_id = ? AND id = ?')
      .get(accountId, id) as RuleRow | undefined;
    return row && toRule(row);
  }

  findByPrecedence(accountId: string, precedence: number): GatewayRule | undefined {
    const row = this.#db
      .prepare('SELECT * FROM gateway_rules WHERE account_id = ? AND precedence = ?')
      .get(accountId, precedence) as RuleRow | undefined;
    return row && toRule(row);
  }

  maxPrecedence(accountId: string): number | null {
    const row = this.#db
      .prepare('SELECT MAX(precedence) AS max FROM gateway_rules WHERE account_id = ?')
      .get(accountId) as { max: number | null } | undefined;
    return row?.max ?? null;
  }

  insert(accountId: string, id: string, fields: RuleFields, at: string): void {
    this.#db
      .prepare(
        `INSERT INTO gateway_rules (id, account_id, name, description, precedence, enabled,
           traffic, identity, device_posture, egress, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(id, accountId, ...columns(fields), at, at);
  }

  replace(accountId: string, id: string, fields: RuleFields, at: string): void {
    this.#db
      .prepare(
        `UPDATE gateway_rules SET name = ?, description = ?, precedence = ?, enabled = ?,
           traffic = ?, identity = ?, device_posture = ?, egress = ?, version = version + 1,
           updated_at = ?
         WHERE account_id = ? AND id = ?`,
      )
      .run(...columns(fields), at, accountId, id);
  }

  disable(accountId: string, id: string, at: string): void {
    this.#db
      .prepare(
        `UPDATE gateway_rules SET enabled = 0, version = version + 1, updated_at = ?
         WHERE account_id = ? AND id = ?`,
      )
      .run(at, accountId, id);
  }

  delete(accountId: string, id: string): void {
    this.#db
      .prepare('DELETE FROM gateway_rules WHERE account_id = ? AND id = ?')
      .run(accountId, id);
  }
}

function columns(fields: RuleFields) {
  return [
    fields.name,
    fields.description,
    fields.precedence,
    fields.enabled ? 1 : 0,
    fields.traffic,
    fields.identity,
    fields.device_posture,
    fields.egress === null ? null : JSON.stringify(fields.egress),
  ] as const;
}
