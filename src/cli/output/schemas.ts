import * as z from 'zod';
import { AgentFront } from '../../shared/agent/health.js';
import {
  AgentErrorCode,
  AgentLocation,
  AgentSnapshot,
  AgentStatus,
  ConnectionEntry,
  HistoryEntry,
  ProxyState,
  Traffic,
  Verification,
  VnetLatency,
} from '../../shared/agent/index.js';
import { Timestamp } from '../../shared/api/common.js';
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

const VnetRef = z.object({ id: z.string(), name: z.string() });

function tag<const Name extends string>(name: Name) {
  return z.literal(`egressctl/${name}@1`);
}

/** The snapshot's pieces `status` passes through as they are; absent details become null. */
const Snapshot = AgentSnapshot.shape;

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
  device: Snapshot.device,
  control_api: Snapshot.control_api,
  starting: Snapshot.starting.unwrap().nullable(),
  switching: Snapshot.switching.unwrap().nullable(),
  offline: Snapshot.offline.unwrap().nullable(),
  error: Snapshot.error.unwrap().nullable(),
  proxy: ProxyState.describe('The local proxy: HTTP and SOCKS5 on one loopback port.'),
  traffic: Traffic.describe(
    'Whether traffic flows through the proxy: from the attached vnet’s decision and (status ' +
      'only; watch reads no log) the newest connection in the log.',
  ),
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
        latency: VnetLatency.extend({
          direct_rtt_ms: VnetLatency.shape.direct_rtt_ms.unwrap(),
          error: VnetLatency.shape.error.unwrap(),
          target: z.string().nullable(),
        })
          .nullable()
          .describe(
            'What its egress gateway adds over a direct connect to the probe target, measured ' +
              'from this device; null: not measured (yet), or the agent does not measure.',
          ),
        gateway_up: z
          .boolean()
          .nullable()
          .describe('Its gateway answers (status and the last probe); null: unknown or none.'),
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
    status: Verification.shape.status,
    vnet_id: Verification.shape.vnet_id,
    expected: Verification.shape.expected,
    observed: Verification.shape.observed,
    message: Verification.shape.message,
    checked_at: Verification.shape.checked_at,
    via: Verification.shape.via
      .unwrap()
      .nullable()
      .describe('The URL fetched through the local proxy; null when not observed that way.'),
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
    proxy: ProxyState.describe('The local proxy, or why it is not listening.'),
  })
  .describe('egressctl agent --json: one line once the agent is serving');

const RunningAgent = {
  pid: z.int().describe('The agent process (what `egressctl agent stop` signals).'),
  front: AgentFront.describe('Which front started it: the tray app, or egressctl agent.'),
  version: z.string(),
  socket: z.string(),
};

export const AgentStartOutput = z
  .object({
    schema: tag('agent-start'),
    ...RunningAgent,
    status: AgentStatus.describe('Once past "starting": its first connection attempt is done.'),
    log: z.string().describe("The file the background agent's stdout and stderr go to."),
    tcp_url: z.string().nullable().describe('With --tcp-port: where it also listens.'),
    tcp_token: z.string().nullable().describe('That bearer token, only when generated.'),
  })
  .describe('egressctl agent start --json: once the background agent answers');

export const AgentStatusOutput = z
  .object({
    schema: tag('agent-status'),
    running: z.boolean().describe('Whether anything answers on the socket (exit 6 when not).'),
    pid: RunningAgent.pid.nullable().describe('Null when not running, or it did not say.'),
    front: RunningAgent.front.nullable(),
    version: z.string().nullable(),
    socket: z.string(),
    status: AgentStatus.nullable().describe('Null when not running or not answering.'),
  })
  .describe('egressctl agent status --json');

export const AgentStopOutput = z
  .object({
    schema: tag('agent-stop'),
    was_running: z.boolean().describe('False: nothing was running, nothing was done (exit 0).'),
    pid: z.int().nullable().describe('The agent that was stopped.'),
    socket: z.string(),
  })
  .describe('egressctl agent stop --json: once the agent has exited');

export const ProxyOutput = z
  .object({
    schema: tag('proxy'),
    address: z.string().describe('host:port of the local proxy (HTTP and SOCKS5 on one port).'),
    host: z.string(),
    port: z.int(),
    http_url: z.string().describe('What HTTP_PROXY, curl -x and --proxy-server take.'),
    socks_url: z.string().describe('socks5h://: names are resolved at the egress.'),
    env: z
      .record(z.string(), z.string())
      .describe(
        'What `proxy --env` exports (and `exec` gives its child, with NODE_USE_ENV_PROXY=1).',
      ),
  })
  .describe('egressctl proxy --json');

const ConnectionFields = ConnectionEntry.shape;

export const ConnectionsOutput = z
  .object({
    schema: tag('connections'),
    entries: z.array(ConnectionEntry).describe('Newest first, after the filters.'),
  })
  .describe("egressctl connections --json: the local proxy's connection log (last 500)");

export const ConnectionLine = z
  .object({
    schema: tag('connection'),
    ...ConnectionFields,
    reason: ConnectionFields.reason.unwrap().nullable().describe('Null when there was none.'),
  })
  .describe('egressctl connections --watch: one per line, per connection as it ends');

/** egressctl's own error codes, besides the agent's (docs/egressctl.md, "Errors"). */
const CLI_ERROR_CODES = [
  'usage',
  'already_running',
  'start_timeout',
  'stop_timeout',
  'not_stoppable',
  'proxy_not_listening',
  'exec_failed',
  'internal',
] as const;

export const ErrorOutput = z
  .object({
    schema: tag('error'),
    error: z.object({
      code: z
        .enum([...new Set([...AgentErrorCode.options, ...CLI_ERROR_CODES])])
        .describe('The agent’s error code, or one of egressctl’s own; a promise to scripts.'),
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
  'agent-start': AgentStartOutput,
  'agent-status': AgentStatusOutput,
  'agent-stop': AgentStopOutput,
  proxy: ProxyOutput,
  connections: ConnectionsOutput,
  connection: ConnectionLine,
  error: ErrorOutput,
} as const;

export type OutputName = keyof typeof outputSchemas;
export type Output<N extends OutputName> = z.infer<(typeof outputSchemas)[N]>;
