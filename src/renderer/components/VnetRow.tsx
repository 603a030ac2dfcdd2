import type { VnetEntry } from '../../shared/agent/state.js';
import { shortPlaceText, unavailableReason } from '../lib/egress-text.js';
import { vnetMeasurement } from '../lib/latency-text.js';
import { EgressFlag } from './Flag.js';
import { Icon, Spinner } from './Icon.js';

interface Props {
  vnet: VnetEntry;
  optionId: string;
  active: boolean;
  switching: boolean;
  hintId: string;
}

function Destination({ vnet }: { vnet: VnetEntry }) {
  const preview = vnet.preview;
  if (preview === null) return <span className="vnet-row__where muted">Egress not known yet</span>;
  const { egress } = preview;
  if (egress.kind === 'unavailable') {
    return (
      <span className="vnet-row__where vnet-row__where--unavailable">
        Unavailable — {unavailableReason(preview.decided_by, preview.fallback)}
      </span>
    );
  }
  return (
    <span className="vnet-row__where">
      {shortPlaceText(egress) ?? 'Location unknown'}
      {egress.kind === 'shared' ? ' · shared' : ''}
      {egress.ipv4 ? (
        <>
          {' · '}
          <span className="mono">{egress.ipv4}</span>
        </>
      ) : null}
      {preview.fallback.used ? <span className="tag tag--warn">fallback</span> : null}
      {preview.decided_by.uncertain ? (
        <span className="tag tag--warn" title={preview.decided_by.uncertain}>
          uncertain<span className="sr-only">: {preview.decided_by.uncertain}</span>
        </span>
      ) : null}
    </span>
  );
}

/** Whether its gateway answers and what it adds over going direct: "gateway up · +12 ms". */
function Measurement({ vnet }: { vnet: VnetEntry }) {
  const measured = vnetMeasurement(vnet);
  if (measured === null) return null;
  return (
    <span
      className={`vnet-row__measure vnet-row__measure--${measured.gateway}`}
      data-testid="vnet-measurement"
      title={measured.why}
    >
      <span className="vnet-row__gateway-dot" aria-hidden="true" />
      <span className="sr-only">, </span>
      {measured.text}
    </span>
  );
}

/**
 * One vnet in the list: its name and where it would egress. The star is a mouse target only
 * (inside an option nothing may take focus); keyboard users press F on the row.
 */
export function VnetRow({ vnet, optionId, active, switching, hintId }: Props) {
  return (
    <div
      id={optionId}
      role="option"
      className={`vnet-row${vnet.attached ? ' vnet-row--attached' : ''}${switching ? ' vnet-row--switching' : ''}`}
      aria-selected={vnet.attached}
      aria-current={vnet.attached ? 'true' : undefined}
      aria-describedby={hintId}
      tabIndex={active ? 0 : -1}
      data-vnet-id={vnet.id}
      data-vnet-name={vnet.name}
    >
      <span className="vnet-row__flag">
        <EgressFlag egress={vnet.preview?.egress ?? null} />
      </span>
      <span className="vnet-row__main">
        <span className="vnet-row__name">
          <span className="vnet-row__label">{vnet.name}</span>
          {vnet.attached ? <span className="tag tag--ok">Connected</span> : null}
          {vnet.is_default ? <span className="tag">default</span> : null}
        </span>
        <Destination vnet={vnet} />
        <Measurement vnet={vnet} />
        {/* The name comes from what is shown; what only the star and spinner show is said here. */}
        <span className="sr-only">
          {switching ? ', switching' : ''}
          {vnet.favourite ? ', favourite' : ''}
        </span>
      </span>
      <span className="vnet-row__side">
        {switching ? <Spinner /> : null}
        <span
          className={`star${vnet.favourite ? ' star--on' : ''}`}
          data-star="true"
          title={vnet.favourite ? 'Remove from favourites (F)' : 'Add to favourites (F)'}
          aria-hidden="true"
        >
          <Icon name="star" />
        </span>
      </span>
    </div>
  );
}
