import { useId } from 'react';
import { WORLD_LAND_PATH } from '../assets/world-land.js';
import type { MapModel } from '../lib/map-model.js';

/** About how wide the map is drawn, in CSS pixels: markers and labels keep this size at any zoom. */
const DRAWN_WIDTH = 376;

/**
 * Where you are, where each vnet egresses, and the current path, on a coarse world outline
 * (shipped with the app: no tiles, no network). One image for screen readers, described by
 * the model's summary; the panel lists the same places as text.
 */
export function WorldMap({ model }: { model: MapModel }) {
  const ids = useId();
  const { view, you, sites } = model;
  const px = view.width / DRAWN_WIDTH;
  const current = sites.find((site) => site.current);
  const others = sites.filter((site) => !site.current);
  return (
    <svg
      className="map"
      viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}
      role="img"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-desc`}
      data-testid="world-map"
      data-current={current?.colo ?? ''}
    >
      <title id={`${ids}-title`}>Map of where you are and where your traffic egresses</title>
      <desc id={`${ids}-desc`}>{model.summary}</desc>
      <rect className="map__sea" x={view.x} y={view.y} width={view.width} height={view.height} />
      <path className="map__land" d={WORLD_LAND_PATH} vectorEffect="non-scaling-stroke" />
      {model.path ? (
        <>
          <path className="map__path-halo" d={model.path} vectorEffect="non-scaling-stroke" />
          <path
            className="map__path"
            d={model.path}
            vectorEffect="non-scaling-stroke"
            data-testid="map-path"
          />
        </>
      ) : null}
      {others.map((site) => (
        <circle
          key={site.colo}
          className="map__site"
          cx={site.x}
          cy={site.y}
          r={3.5 * px}
          vectorEffect="non-scaling-stroke"
          data-colo={site.colo}
        />
      ))}
      {current ? (
        <g data-colo={current.colo} data-testid="map-current">
          <circle className="map__current-halo" cx={current.x} cy={current.y} r={9 * px} />
          <circle
            className="map__current"
            cx={current.x}
            cy={current.y}
            r={5 * px}
            vectorEffect="non-scaling-stroke"
          />
          <text
            className="map__label map__label--current"
            x={current.x}
            y={current.y - 11 * px}
            fontSize={11 * px}
            textAnchor="middle"
          >
            {current.colo}
          </text>
        </g>
      ) : null}
      <g data-testid="map-you">
        <circle
          className="map__you-ring"
          cx={you.x}
          cy={you.y}
          r={6.5 * px}
          vectorEffect="non-scaling-stroke"
        />
        <circle className="map__you" cx={you.x} cy={you.y} r={2.5 * px} />
        <text
          className="map__label"
          x={you.x}
          y={you.y + 19 * px}
          fontSize={10.5 * px}
          textAnchor="middle"
        >
          You
        </text>
      </g>
    </svg>
  );
}
