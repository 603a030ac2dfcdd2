import { type ReactNode, useEffect, useState } from 'react';
import type { AgentApi } from '../../shared/agent/commands.js';
import type { ConnectionEntry } from '../../shared/agent/connections.js';
import type { ResolveResult } from '../../shared/api/resolve.js';
import {
  bytesText,
  connectionDurationText,
  connectionEgressText,
  connectionRuleText,
  whatIfRequestFor,
} from '../lib/connection-list.js';
import { describeError } from '../lib/error-text.js';
import { Spinner } from './Icon.js';
import { InlineError } from './InlineError.js';
import { RuleTrace } from './RuleTrace.js';

const FRONT_TEXT: Record<ConnectionEntry['front'], string> = {
  socks5: 'SOCKS5',
  'http-connect': 'HTTP CONNECT',
  'http-forward': 'HTTP (forwarded request)',
};

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/**
 * The rule trace that decided a connection. The log keeps what decided (rule, egress, config
 * version), not the trace: what-if retraces it for the same destination and vnet, and says so
 * when the rules have moved on since.
 */
function Trace({ api, entry, vnets }: Props) {
  const [result, setResult] = useState<ResolveResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.whatIf(whatIfRequestFor(entry)).then(
      (answer) => {
        if (live) setResult(answer);
      },
      (failure: unknown) => {
        if (live) setError(describeError(failure, 'retrace this decision'));
      },
    );
    return () => {
      live = false;
    };
  }, [api, entry]);

  if (error) return <InlineError message={error} />;
  if (result === null) {
    return (
      <p className="muted conn-detail__loading">
        <Spinner /> Tracing the rules…
      </p>
    );
  }
  const decidedThen = entry.label?.rule?.id ?? null;
  const decidedNow = result.decided_by.rule?.id ?? null;
  const moved = entry.label !== null && result.config_version !== entry.label.config_version;
  return (
    <>
      {moved ? (
        <p className="conn-detail__note" data-testid="trace-moved">
          {decidedThen === decidedNow
            ? `The rules changed since (version ${entry.label?.config_version} then, ${result.config_version} now); the same rule decides today.`
            : `The rules changed since (version ${entry.label?.config_version} then, ${result.config_version} now): today ${result.decided_by.rule?.name ?? 'no rule'} would decide.`}
        </p>
      ) : null}
      <RuleTrace trace={result.trace ?? []} vnets={vnets} />
    </>
  );
}

interface Props {
  api: AgentApi;
  entry: ConnectionEntry;
  vnets: readonly { id: string; name: string }[];
}

/** Everything the log knows about one connection, and the rules that decided it. */
export function ConnectionDetail({ api, entry, vnets, id }: Props & { id: string }) {
  const label = entry.label;
  return (
    <div className="conn-detail" id={id} data-testid="connection-detail">
      {/* A refusal's reason is on the row already; an ended one may say why the proxy closed it. */}
      {entry.outcome === 'ok' && entry.reason ? (
        <p className="conn-detail__note">{entry.reason}</p>
      ) : null}
      <dl className="conn-detail__facts">
        <Fact term="Started">{new Date(entry.started_at).toLocaleString()}</Fact>
        <Fact term="Network">
          {label?.vnet_name ?? '—'}
          {entry.scope ? ' (per-command listener)' : ''}
        </Fact>
        <Fact term="Rule">{connectionRuleText(entry)}</Fact>
        <Fact term="Egress">
          <span className="mono">{connectionEgressText(entry)}</span>
        </Fact>
        <Fact term="Gateway">
          <span className="mono">{label?.gateway ?? '—'}</span>
        </Fact>
        <Fact term="Via">{FRONT_TEXT[entry.front]}</Fact>
        <Fact term="Bytes">
          {bytesText(entry.bytes_up)} up · {bytesText(entry.bytes_down)} down
        </Fact>
        <Fact term="Duration">{connectionDurationText(entry.duration_ms)}</Fact>
        {entry.used_fallback ? <Fact term="Fallback">the rule's declared fallback</Fact> : null}
      </dl>
      <h3 className="subhead">Rules, as evaluated</h3>
      {label === null ? (
        // Nothing decided (the decision itself failed): a trace for today's vnet would mislead.
        <p className="muted">No rule trace: the proxy could not decide this connection.</p>
      ) : (
        <Trace api={api} entry={entry} vnets={vnets} />
      )}
    </div>
  );
}
