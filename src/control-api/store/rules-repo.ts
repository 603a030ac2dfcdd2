import type { EgressSettings, GatewayRule } from '../../shared/api/index.js';
import type { EgressRuleInput } from '../../shared/egress/index.js';
import type { Engine } from './engine.js';

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
  readonly #db: Engine;
  constructor(db: Engine) {
    this.#db = db;
  }

  /** In evaluation order. */
  async list(accountId: string): Promise<GatewayRule[]> {
    const rows = await this.#db.all<RuleRow>(
      'SELECT * FROM gateway_rules WHERE account_id = ? ORDER BY precedence',
      [accountId],
    );
    return rows.map(toRule);
  }

  async get(accountId: string, id: string): Promise<GatewayRule | undefined> {
    const row = await this.#db.get<RuleRow>(
      'SELECT * FROM gateway_rules WHERE account_id = ? AND id = ?',
      [accountId, id],
    );
    return row && toRule(row);
  }

  async findByPrecedence(accountId: string, precedence: number): Promise<GatewayRule | undefined> {
    const row = await this.#db.get<RuleRow>(
      'SELECT * FROM gateway_rules WHERE account_id = ? AND precedence = ?',
      [accountId, precedence],
    );
    return row && toRule(row);
  }

  async maxPrecedence(accountId: string): Promise<number | null> {
    const row = await this.#db.get<{ max: number | null }>(
      'SELECT MAX(precedence) AS max FROM gateway_rules WHERE account_id = ?',
      [accountId],
    );
    return row?.max ?? null;
  }

  async insert(accountId: string, id: string, fields: RuleFields, at: string): Promise<void> {
    await this.#db.run(
      `INSERT INTO gateway_rules (id, account_id, name, description, precedence, enabled,
         traffic, identity, device_posture, egress, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      [id, accountId, ...columns(fields), at, at],
    );
  }

  async replace(accountId: string, id: string, fields: RuleFields, at: string): Promise<void> {
    await this.#db.run(
      `UPDATE gateway_rules SET name = ?, description = ?, precedence = ?, enabled = ?,
         traffic = ?, identity = ?, device_posture = ?, egress = ?, version = version + 1,
         updated_at = ?
       WHERE account_id = ? AND id = ?`,
      [...columns(fields), at, accountId, id],
    );
  }

  async disable(accountId: string, id: string, at: string): Promise<void> {
    await this.#db.run(
      `UPDATE gateway_rules SET enabled = 0, version = version + 1, updated_at = ?
       WHERE account_id = ? AND id = ?`,
      [at, accountId, id],
    );
  }

  async delete(accountId: string, id: string): Promise<void> {
    await this.#db.run('DELETE FROM gateway_rules WHERE account_id = ? AND id = ?', [
      accountId,
      id,
    ]);
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
