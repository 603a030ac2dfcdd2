import { useMemo } from 'react';
import type { AgentSnapshot, EgressSnapshot } from '../../shared/agent/state.js';
import { kmText, mapModel } from '../lib/map-model.js';
import { Flag } from './Flag.js';
import { WorldMap } from './WorldMap.js';

/** The map, and the same places as a list: where each vnet egresses and how far that is. */
export function MapPanel({
  snapshot,
  egress,
}: {
  snapshot: AgentSnapshot;
  /** The egress shown on the card (fresher than the snapshot right after a switch). */
  egress: EgressSnapshot | null;
}) {
  const model = useMemo(
    () => mapModel(snapshot.location, snapshot.vnets, egress),
    [snapshot.location, snapshot.vnets, egress],
  );
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls and holds nothing focusable, so keyboard users could not scroll it otherwise (axe scrollable-region-focusable)
    <div className="panel-body map-panel" tabIndex={0}>
      <WorldMap model={model} />
      <p className="map-legend" aria-hidden="true">
        <span className="map-legend__item">
          <span className="map-legend__mark map-legend__mark--you" />
          You
        </span>
        <span className="map-legend__item">
          <span className="map-legend__mark map-legend__mark--current" />
          Current egress
        </span>
        <span className="map-legend__item">
          <span className="map-legend__mark map-legend__mark--site" />
          Other networks
        </span>
      </p>
      <p className="map-panel__you">
        You are in <strong>{model.you.label}</strong>
        {snapshot.location.source === 'user' ? ' (set by you)' : ' (from your time zone)'}
      </p>
      <h3 className="subhead" id="map-sites-title">
        Egress locations
      </h3>
      <ul className="map-sites" aria-labelledby="map-sites-title">
        {model.sites.map((site) => (
          <li
            key={site.colo}
            className={`map-site${site.current ? ' map-site--current' : ''}`}
            data-colo={site.colo}
            data-testid="map-site"
          >
            <Flag country={site.country} />
            <span className="map-site__main">
              <span className="map-site__place">
                {site.city}, {site.country}
                <abbr className="colo" title={`Data center ${site.colo}`}>
                  {site.colo}
                </abbr>
                {site.current ? <span className="tag tag--ok">current</span> : null}
              </span>
              <span className="map-site__vnets muted">{site.vnets.join(', ')}</span>
            </span>
            <span className="map-site__km muted">{kmText(site.km)}</span>
          </li>
        ))}
      </ul>
      {model.unplaced.length > 0 ? (
        <p className="map-panel__unplaced muted">
          Not on the map (unavailable, shared or not resolved yet): {model.unplaced.join(', ')}
        </p>
      ) : null}
    </div>
  );
}
