import type { AgentSnapshot, EgressSnapshot, Verification } from '../../shared/agent/state.js';
import { durationText } from '../../shared/text/relative-time.js';
import { countryName } from '../lib/country-name.js';
import { unavailableReason, whyText } from '../lib/egress-text.js';
import { refusalNotice } from '../lib/refusal-notice.js';
import { CopyButton } from './CopyButton.js';
import { FallbackBadge } from './FallbackBadge.js';
import { EgressFlag } from './Flag.js';
import { ProxyLine } from './ProxyLine.js';
import { RefusalBanner } from './RefusalBanner.js';
import { VerificationLine } from './VerificationLine.js';

interface Props {
  snapshot: AgentSnapshot;
  /** What to show: the snapshot's egress, or the agent's fresher answer to our switch. */
  egress: EgressSnapshot | null;
  verification: Verification | null;
  now: number;
  /** The vnet a switch is on its way to (from a click here or from elsewhere), if any. */
  switchingTo: string | null;
  verifying: boolean;
  onVerify: () => void;
  announce: (text: string) => void;
}

function EmptyCard({ snapshot }: { snapshot: AgentSnapshot }) {
  const text =
    snapshot.status === 'starting'
      ? (snapshot.starting?.message ?? 'Starting…')
      : snapshot.status === 'error'
        ? 'No egress yet.'
        : 'Resolving where you egress…';
  return (
    <section className="card card--empty" data-testid="egress-card" aria-labelledby="egress-title">
      <h2 id="egress-title" className="card__empty-text">
        {text}
      </h2>
    </section>
  );
}

/** The current egress at a glance: where, which IP, why, and whether it was checked. */
export function EgressCard(props: Props) {
  const { snapshot, now, switchingTo, verifying, onVerify, announce } = props;
  const current = props.egress;
  if (current === null) return <EmptyCard snapshot={snapshot} />;
  const { egress, decided_by: decidedBy, fallback } = current;
  const unavailable = egress.kind === 'unavailable';
  const switching = switchingTo !== null;
  const country = countryName(egress.country);
  const verification = props.verification?.vnet_id === current.vnet_id ? props.verification : null;
  // With Cloudflare WARP the WARP client carries the traffic: our proxy is off by design, and a
  // disconnected WARP sends traffic out directly rather than refusing it.
  const warp = snapshot.control_api.mode === 'cloudflare_warp';
  const refusal = warp ? null : refusalNotice(snapshot, current);
  const classes = ['card'];
  if (unavailable) classes.push('card--unavailable');
  if (current.stale) classes.push('card--stale');
  if (switching) classes.push('card--switching');

  return (
    <section
      className={classes.join(' ')}
      data-testid="egress-card"
      data-vnet-id={current.vnet_id}
      data-stale={current.stale}
      aria-labelledby="egress-title"
      aria-describedby="egress-why"
      aria-busy={switching}
    >
      {switching ? <div className="card__progress" aria-hidden="true" /> : null}
      <div className="card__head">
        <EgressFlag egress={egress} size="lg" />
        <div className="card__place">
          <p className="card__vnet" data-testid="egress-vnet">
            {current.vnet_name}
          </p>
          <h2 id="egress-title" className="card__city">
            {unavailable ? 'Egress unavailable' : (egress.city ?? 'Location unknown')}
          </h2>
          <p className="card__country">
            {unavailable ? (
              <span className="card__reason">{unavailableReason(decidedBy, fallback)}</span>
            ) : (
              <>
                {country ?? 'Unknown country'}
                {egress.colo ? (
                  <>
                    {' · '}
                    <abbr className="colo" title={`Data center ${egress.colo}`}>
                      {egress.colo}
                    </abbr>
                  </>
                ) : null}
                {egress.kind === 'shared' ? ' · shared' : null}
              </>
            )}
          </p>
        </div>
        {fallback.used && !unavailable ? (
          <FallbackBadge reason={fallback.reason ?? 'The primary egress is unavailable.'} />
        ) : null}
      </div>

      {egress.ipv4 || egress.ipv6 ? (
        <div className="card__ips">
          {egress.ipv4 ? (
            <div className="card__ipv4">
              <span className="mono" data-testid="egress-ipv4">
                {egress.ipv4}
              </span>
              <CopyButton text={egress.ipv4} what="IPv4 address" onCopied={announce} />
            </div>
          ) : null}
          {egress.ipv6 ? (
            <div className="card__ipv6 mono" title="IPv6 range">
              {egress.ipv6}
            </div>
          ) : null}
        </div>
      ) : null}

      <p id="egress-why" className="card__why">
        {switching ? (
          <>Switching to {switchingTo}…</>
        ) : (
          <span>{unavailable ? decidedBy.summary : whyText(decidedBy, egress)}</span>
        )}
        {!switching && decidedBy.uncertain ? (
          // A rule the app could not evaluate comes first: the answer holds only if it does not apply.
          <span className="card__uncertain" data-testid="egress-uncertain">
            {decidedBy.uncertain}
          </span>
        ) : null}
      </p>
      {refusal ? <RefusalBanner notice={refusal} showReason={refusal.kind !== 'refusing'} /> : null}
      {warp ? (
        <p className="card__proxy muted" data-testid="proxy-line" data-state="warp">
          Traffic: carried by the Cloudflare WARP client
        </p>
      ) : (
        <ProxyLine proxy={snapshot.proxy} announce={announce} />
      )}
      {current.stale ? (
        <p className="card__stale">
          Last known, {durationText(now - Date.parse(current.resolved_at))} old
        </p>
      ) : (
        <VerificationLine
          verification={verification}
          now={now}
          pending={verifying}
          onVerify={onVerify}
          disabled={snapshot.status === 'offline' || unavailable}
        />
      )}
    </section>
  );
}
