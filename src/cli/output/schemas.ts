import * as z from 'zod';
import {
  AgentLocation,
  AgentStatus,
  HistoryEntry,
  Verification,
} from '../../shared/agent/index.js';
import {
  DecidedBy,
  FallbackUse,
  ResolvedEgress,
  RuleTraceEntry,
} from '../../shared/api/resolve.js';

/**
 * The `--json` output of every egressctl command. Each object names its shape in `schema`
 * (`egressctl/<name>@<version>`); within a version fields are only ever added, never removed,
 * renamed or retyped, and keys come in the order declared here. `egressctl schema` prints these
 * as JSON Schema; docs/egressctl.md describes them.
 */

const Timestamp = z.string().describe('ISO-8601 timestamp (UTC)');
const VnetRef = z.object({ id: z.string(), name: z.string() });

function tag<const Name extends string>(name: Name) {
  return z.literal(`egressctl/${name}@1`);
}

const StatusFields = {
  status: AgentStatus,
  vnet: VnetRef.nullable().describe('The attached virtual network.'),
  egress: ResolvedEgress.nullable(),
  decided_by: DecidedBy.nullable(),
  fallback: FallbackUse.nullable(),
  resolved_at: Timestamp.nullable(),
  stale: z.boolean().describe('True while offline: the egress is the last known one.'),
  config_version: z.int().nullable(),
  verification: Verification.nullable(),
  location: AgentLocation,
  device: z.object({ id: z.string(), name: z.string(), user_email: z.string() }).nullable(),
  control_api: z.object({
    mode: z.enum(['local_simulator', 'remote']),
    url: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
  starting: z.object({ message: z.string() }).nullable(),
  switching: z
    .object({ vnet_id: z.string(), vnet_name: z.string(), started_at: Timestamp })
    .nullable(),
  offline: z
    .object({
      since: Timestamp,
      last_error: z.string(),
      attempt: z.int(),
      next_retry_at: Timestamp.nullable(),
    })
    .nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
};

export const StatusOutput = z
  .object({ schema: tag('status'), ...StatusFields })
  .describe('egressctl status --json');

export const WatchLine = z
  .object({
    schema: tag('watch'),
    seq: z.int().describe('The agent snapshot this line came from; grows with every change.'),
    ...StatusFields,
  })
  .describe('egressctl watch: one per line, on every change of what status shows');

export const VnetListOutput = z
  .object({
    schema: tag('vnets'),
    active_vnet_id: z.string().nullable(),
    virtual_networks: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        default: z.boolean(),
        active: z.boolean(),
        favourite: z.boolean(),
        last_used_at: Timestamp.nullable(),
        egress: ResolvedEgress.nullable().describe('Where this vnet would egress (preview).'),
        decided_by: z.string().nullable(),
        fallback_used: z.boolean().nullable(),
      }),
    ),
  })
  .describe('egressctl vnet --json: warp-cli `vnet --json` fields plus egress previews');

export const SwitchOutput = z
  .object({
    schema: tag('switch'),
    vnet: VnetRef,
    egress: ResolvedEgress,
    decided_by: DecidedBy,
    fallback: FallbackUse,
    config_version: z.int(),
    resolved_at: Timestamp,
    duration_ms: z.number(),
    verification: Verification.nullable(),
  })
  .describe('egressctl vnet <id|name> --json');

export const VerifyOutput = z
  .object({
    schema: tag('verify'),
    status: z.enum(['match', 'mismatch', 'error']),
    vnet_id: z.string(),
    expected: Verification.shape.expected,
    observed: Verification.shape.observed,
    message: z.string(),
    checked_at: Timestamp,
  })
  .describe('egressctl verify --json');

export const ResolveOutput = z
  .object({
    schema: tag('resolve'),
    destination: z.object({
      host: z.string().nullable(),
      ip: z.string().nullable(),
      port: z.int().nullable(),
      protocol: z.string().nullable(),
      country: z.string().nullable(),
    }),
    vnet_id: z.string().nullable().describe('Null: the attached vnet.'),
    egress: ResolvedEgress,
    decided_by: DecidedBy,
    fallback: FallbackUse,
    config_version: z.int(),
    trace: z.array(RuleTraceEntry).describe('Empty when the agent could only preview.'),
  })
  .describe('egressctl resolve --json');

export const HistoryOutput = z
  .object({ schema: tag('history'), entries: z.array(HistoryEntry).describe('Newest first.') })
  .describe('egressctl history --json');

export const LocationOutput = z
  .object({ schema: tag('location'), ...AgentLocation.shape })
  .describe('egressctl location --json');

export const FavouritesOutput = z
  .object({ schema: tag('favourites'), favourites: z.array(VnetRef).describe('In pinned order.') })
  .describe('egressctl favourite --json');

export const AgentStartedOutput = z
  .object({
    schema: tag('agent'),
    pid: z.int(),
    socket: z.string(),
    tcp_url: z.string().nullable(),
    tcp_token: z.string().nullable(),
  })
  .describe('egressctl agent --json: one line once the agent is serving');

export const ErrorOutput = z
  .object({
    schema: tag('error'),
    error: z.object({
      code: z.string(),
      message: z.string(),
      suggestions: z.array(z.string()),
    }),
    exit_code: z.int(),
  })
  .describe('Any failure with --json, on stderr');

export const outputSchemas = {
  status: StatusOutput,
  vnets: VnetListOutput,
  switch: SwitchOutput,
  verify: VerifyOutput,
  resolve: ResolveOutput,
  history: HistoryOutput,
  watch: WatchLine,
  location: LocationOutput,
  favourites: FavouritesOutput,
  agent: AgentStartedOutput,
  error: ErrorOutput,
} as const;

export type OutputName = keyof typeof outputSchemas;
export type Output<N extends OutputName> = z.infer<(typeof outputSchemas)[N]>;
