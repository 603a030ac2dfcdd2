import { randomInt } from 'node:crypto';
import {
  type ApiMessage,
  type GatewayRule,
  type GatewayRuleCreate,
  MessageCode,
} from '../../shared/api/index.js';
import { newId, now } from '../clock.js';
import { conflict, notFound } from '../errors.js';
import type { RuleFields } from '../store/rules-repo.js';
import type { Store } from '../store/store.js';
import { checkEgressSettings, checkExpressions, checkVnetReferences } from './rule-validation.js';

/** Where Cloudflare starts numbering rules created without a precedence. */
const FIRST_PRECEDENCE = 1000;

export async function getRule(store: Store, accountId: string, id: string): Promise<GatewayRule> {
  const rule = await store.rules.get(accountId, id);
  if (!rule) throw notFound(`no gateway rule ${id}`);
  return rule;
}

/** Cloudflare's placement for a rule without a precedence: after the last, with a gap. */
async function nextPrecedence(store: Store, accountId: string): Promise<number> {
  const max = await store.rules.maxPrecedence(accountId);
  if (max === null) return FIRST_PRECEDENCE;
  return Math.max(max + randomInt(1, 101), FIRST_PRECEDENCE);
}

async function assertPrecedenceFree(
  store: Store,
  accountId: string,
  precedence: number,
  self?: string,
) {
  const holder = await store.rules.findByPrecedence(accountId, precedence);
  if (holder && holder.id !== self) {
    throw conflict(
      `body.precedence: ${precedence} is already used by rule "${holder.name}" (${holder.id}); ` +
        'precedences are unique — pick another value or omit it to place the rule last',
    );
  }
}

/** Everything that must hold for a rule to be stored; runs inside the write transaction. */
async function validated(store: Store, accountId: string, body: GatewayRuleCreate) {
  checkExpressions(body);
  await checkVnetReferences(store, accountId, body.traffic ?? '');
  await checkEgressSettings(store, accountId, body.rule_settings?.egress);
}

function fieldsOf(body: GatewayRuleCreate, precedence: number): RuleFields {
  return {
    name: body.name,
    description: body.description ?? '',
    precedence,
    enabled: body.enabled ?? true,
    traffic: body.traffic ?? '',
    identity: body.identity ?? '',
    device_posture: body.device_posture ?? '',
    egress: body.rule_settings?.egress ?? null,
  };
}

export async function createRule(store: Store, accountId: string, body: GatewayRuleCreate) {
  const messages: ApiMessage[] = [];
  if (body.filters === undefined) {
    messages.push({
      code: MessageCode.FILTERS_DEFAULTED,
      message: 'filters omitted: the rule was created with filters ["egress"]',
    });
  }
  const result = await store.changeConfig(accountId, async () => {
    await validated(store, accountId, body);
    let precedence = body.precedence;
    if (precedence === undefined) precedence = await nextPrecedence(store, accountId);
    else await assertPrecedenceFree(store, accountId, precedence);
    const id = newId();
    await store.rules.insert(accountId, id, fieldsOf(body, precedence), now());
    return getRule(store, accountId, id);
  });
  return { result, messages };
}

/** PUT: a full replacement, except that an omitted precedence keeps the rule where it is. */
export function replaceRule(store: Store, accountId: string, id: string, body: GatewayRuleCreate) {
  return store.changeConfig(accountId, async () => {
    const existing = await getRule(store, accountId, id);
    await validated(store, accountId, body);
    const precedence = body.precedence ?? existing.precedence;
    await assertPrecedenceFree(store, accountId, precedence, id);
    await store.rules.replace(accountId, id, fieldsOf(body, precedence), now());
    return getRule(store, accountId, id);
  });
}

export function deleteRule(store: Store, accountId: string, id: string) {
  return store.changeConfig(accountId, async () => {
    const rule = await getRule(store, accountId, id);
    await store.rules.delete(accountId, id);
    return rule;
  });
}
