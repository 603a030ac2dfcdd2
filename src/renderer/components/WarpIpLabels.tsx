import { type FormEvent, useId, useState } from 'react';
import type { AgentApi } from '../../shared/agent/commands.js';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import type { ResolvedEgress } from '../../shared/api/resolve.js';
import { useAgentCommand } from '../hooks/use-agent-command.js';
import { InlineError } from './InlineError.js';

/** The dedicated IPv4s this device can reach (its egress and every vnet's preview), once each. */
function dedicatedIps(snapshot: AgentSnapshot): { ipv4: string; egress: ResolvedEgress }[] {
  const seen = new Map<string, ResolvedEgress>();
  const all = [snapshot.egress?.egress, ...snapshot.vnets.map((vnet) => vnet.preview?.egress)];
  for (const egress of all) {
    if (egress?.kind === 'dedicated' && egress.ipv4 && !seen.has(egress.ipv4)) {
      seen.set(egress.ipv4, egress);
    }
  }
  return [...seen]
    .map(([ipv4, egress]) => ({ ipv4, egress }))
    .sort((a, b) => (a.ipv4 < b.ipv4 ? -1 : 1));
}

function placeOf(egress: ResolvedEgress): string {
  if (egress.city) return `${egress.city}${egress.colo ? ` (${egress.colo})` : ''}`;
  return egress.country ? `in ${egress.country} (from a verification)` : 'location unknown';
}

/**
 * Cloudflare WARP: no Cloudflare API says where the account's dedicated egress IPs are, so the
 * user may say (a data center or city); verifications teach the country by themselves.
 */
export function WarpIpLabels({ api, snapshot }: { api: AgentApi; snapshot: AgentSnapshot }) {
  const ids = useId();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const label = useAgentCommand(api, 'updateSettings', 'label the egress IP');
  const ips = dedicatedIps(snapshot);
  if (ips.length === 0) return <p className="muted">No dedicated egress IPs in your policies.</p>;
  const save = (ipv4: string) => async (event: FormEvent) => {
    event.preventDefault();
    const location = (drafts[ipv4] ?? '').trim();
    if (location === '') return;
    if (await label.run({ egress_ip_label: { ipv4, location } })) {
      setDrafts((all) => ({ ...all, [ipv4]: '' }));
    }
  };
  return (
    <div className="form">
      <ul className="warp-ips">
        {ips.map(({ ipv4, egress }) => (
          <li key={ipv4} data-testid="warp-ip" data-ipv4={ipv4}>
            <form className="form__row" onSubmit={save(ipv4)}>
              <label className="field field--grow" htmlFor={`${ids}-${ipv4}`}>
                <span className="field__label">
                  <span className="mono">{ipv4}</span> · {placeOf(egress)}
                </span>
                <input
                  id={`${ids}-${ipv4}`}
                  className="input"
                  placeholder="Data center or city, e.g. LHR"
                  value={drafts[ipv4] ?? ''}
                  onChange={(event) => setDrafts((all) => ({ ...all, [ipv4]: event.target.value }))}
                  aria-label={`Where ${ipv4} is`}
                  autoComplete="off"
                  spellCheck={false}
                />
              </label>
              <button type="submit" className="button button--small" aria-busy={label.pending}>
                Save
              </button>
            </form>
          </li>
        ))}
      </ul>
      <InlineError message={label.error} onDismiss={label.clearError} />
    </div>
  );
}
