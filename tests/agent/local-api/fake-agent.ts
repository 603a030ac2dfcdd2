import type {
  AgentApi,
  AgentCommandName,
  AgentSnapshot,
  CommandResponse,
  HistoryEntry,
  Verification,
} from '../../../src/shared/agent/index.js';
import { freshAgentSettings, freshProxyState } from '../../support/agent-settings.js';

const AT = '2026-01-02T03:04:05.000Z';

export const VNETS = [
  { id: '00000000-0000-4000-8000-000000000001', name: 'default', is_default: true },
  { id: '00000000-0000-4000-8000-000000000002', name: 'vnet-London', is_default: false },
  { id: '00000000-0000-4000-8000-000000000003', name: 'vnet-Amsterdam', is_default: false },
] as const;

const LONDON_EGRESS = {
  ipv4: '192.0.2.10',
  ipv6: '2001:db8:10::/48',
  colo: 'LHR',
  city: 'London',
  country: 'GB',
  kind: 'dedicated' as const,
};

const DECIDED = {
  type: 'rule' as const,
  rule: { id: 'r1', name: 'Egress London', precedence: 10 },
  summary: 'rule "Egress London"',
};

export function makeSnapshot(seq: number, attached: string = VNETS[1].id): AgentSnapshot {
  const vnet = VNETS.find((v) => v.id === attached) ?? VNETS[1];
  return {
    seq,
    status: 'connected',
    control_api: { mode: 'local_simulator', url: 'http://127.0.0.1:1', account_id: 'acc' },
    device: { id: 'dev', name: 'laptop', user_email: 'qa@example.com' },
    attached_vnet_id: vnet.id,
    location: {
      colo: 'LHR',
      city: 'London',
      country: 'GB',
      lat: 51.47,
      lon: -0.45,
      source: 'user',
    },
    egress: {
      vnet_id: vnet.id,
      vnet_name: vnet.name,
      egress: LONDON_EGRESS,
      decided_by: DECIDED,
      fallback: { used: false },
      config_version: 3,
      resolved_at: AT,
      stale: false,
    },
    vnets: VNETS.map((v) => ({
      id: v.id,
      name: v.name,
      comment: '',
      is_default: v.is_default,
      attached: v.id === vnet.id,
      favourite: false,
      last_used_at: null,
      preview: { egress: LONDON_EGRESS, decided_by: DECIDED, fallback: { used: false } },
    })),
    favourites: [],
    recents: [],
    verification: null,
    settings: freshAgentSettings(),
    proxy: freshProxyState(),
  };
}

export const VERIFICATION: Verification = {
  status: 'match',
  checked_at: AT,
  vnet_id: VNETS[1].id,
  expected: { ipv4: '192.0.2.10', colo: 'LHR', country: 'GB' },
  observed: { ip: '192.0.2.10', colo: 'LHR', loc: 'GB', vnet: VNETS[1].id },
  message: 'The destination sees 192.0.2.10 in London, as resolved.',
};

export const HISTORY: HistoryEntry[] = [
  {
    id: 'h1',
    at: AT,
    origin: 'cli',
    from: { id: VNETS[0].id, name: 'default' },
    to: { id: VNETS[1].id, name: 'vnet-London' },
    egress: LONDON_EGRESS,
    decided_by: DECIDED.summary,
    fallback_used: false,
    duration_ms: 4.2,
    verification: 'match',
  },
];

const SCOPE_LEASE = {
  scope_id: '5c0pe000-0000-4000-8000-000000000001',
  vnet: { id: VNETS[1].id, name: VNETS[1].name },
  proxy: { host: '127.0.0.1', port: 41234, url: 'http://127.0.0.1:41234' },
  lease_ms: 15_000,
  expires_at: '2026-01-01T00:00:15.000Z',
};

/** Canned answers per command, each valid under the contract's response schema. */
export function cannedResponses(): { [N in AgentCommandName]: CommandResponse<N> } {
  const snapshot = makeSnapshot(1);
  const egress = snapshot.egress;
  if (egress === null) throw new Error('fixture has an egress');
  return {
    getState: snapshot,
    refresh: snapshot,
    measureLatency: snapshot.vnets,
    switchVnet: { egress, verification: VERIFICATION, duration_ms: 3.5 },
    verify: VERIFICATION,
    whatIf: {
      egress: LONDON_EGRESS,
      decided_by: DECIDED,
      fallback: { used: false },
      config_version: 3,
      trace: [{ rule: DECIDED.rule, outcome: 'matched' }],
    },
    getHistory: HISTORY,
    getConnections: [],
    openScope: SCOPE_LEASE,
    renewScope: SCOPE_LEASE,
    closeScope: { scope_id: SCOPE_LEASE.scope_id, closed: true },
    setLocation: snapshot.location,
    setFavourite: [VNETS[1].id],
    updateSettings: snapshot.settings,
  };
}

export interface FakeAgent extends AgentApi {
  calls: { name: AgentCommandName; request: unknown }[];
  /** Throw this from every command instead of answering. */
  failWith: unknown;
  /** Replaces one command's answer (may break the contract on purpose). */
  answers: Partial<Record<AgentCommandName, unknown>>;
  push(snapshot: AgentSnapshot): void;
  subscriberCount(): number;
}

/** An in-memory AgentApi: records every call and answers from `cannedResponses`. */
export function createFakeAgent(): FakeAgent {
  const listeners = new Set<(snapshot: AgentSnapshot) => void>();
  let current = makeSnapshot(1);
  const canned = cannedResponses();
  const fake = {
    calls: [] as FakeAgent['calls'],
    failWith: undefined as unknown,
    answers: {} as FakeAgent['answers'],
    push(snapshot: AgentSnapshot) {
      current = snapshot;
      for (const listener of listeners) listener(snapshot);
    },
    subscriberCount: () => listeners.size,
    subscribe(listener: (snapshot: AgentSnapshot) => void) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
  } as Record<string, unknown>;
  for (const name of Object.keys(canned) as AgentCommandName[]) {
    fake[name] = async (request: unknown) => {
      (fake.calls as FakeAgent['calls']).push({ name, request });
      if (fake.failWith !== undefined) throw fake.failWith;
      return (fake.answers as FakeAgent['answers'])[name] ?? canned[name];
    };
  }
  return fake as unknown as FakeAgent;
}
