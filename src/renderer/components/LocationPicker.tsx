import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import type { AgentApi } from '../../shared/agent/commands.js';
import type { AgentLocation } from '../../shared/agent/state.js';
import { searchLocations } from '../../shared/geo/search.js';
import { useAgentCommand } from '../hooks/use-agent-command.js';
import { countryName } from '../lib/country-name.js';
import { placeText } from '../lib/egress-text.js';
import { Flag } from './Flag.js';
import { InlineError } from './InlineError.js';

const MAX_RESULTS = 6;

/** Where you physically are (it decides "nearest location"): a catalog search, or automatic. */
export function LocationPicker({ api, location }: { api: AgentApi; location: AgentLocation }) {
  const ids = useId().replaceAll(':', '');
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const setLocation = useAgentCommand(api, 'setLocation', 'set your location');
  const results = useMemo(
    () => (query.trim() === '' ? [] : searchLocations(query, MAX_RESULTS)),
    [query],
  );
  const open = results.length > 0;
  const optionId = (index: number) => `${ids}-opt-${index}`;

  const choose = async (colo: string) => {
    const answer = await setLocation.run({ colo });
    if (answer) setQuery('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!open) return;
    if (event.key === 'ArrowDown') setActiveIndex((i) => Math.min(results.length - 1, i + 1));
    else if (event.key === 'ArrowUp') setActiveIndex((i) => Math.max(0, i - 1));
    else if (event.key === 'Enter') {
      const pick = results[activeIndex];
      if (pick) void choose(pick.colo);
    } else if (event.key === 'Escape') {
      setQuery('');
      event.stopPropagation();
    } else return;
    event.preventDefault();
  };

  const place = placeText(location) ?? '';
  return (
    <div className="location">
      <p className="location__current" data-testid="location-current">
        <Flag country={location.country} />
        <span>
          <strong>{place}</strong>
          {location.colo ? <span className="muted"> · {location.colo}</span> : null}
          <span className="location__source muted">
            {location.source === 'user' ? 'chosen by you' : 'automatic, from your time zone'}
          </span>
        </span>
      </p>
      <div className="combobox">
        <label className="field__label" htmlFor={`${ids}-input`}>
          Change to a city, country or data center
        </label>
        <input
          id={`${ids}-input`}
          className="input"
          role="combobox"
          aria-expanded={open}
          aria-controls={`${ids}-list`}
          aria-autocomplete="list"
          aria-activedescendant={open ? optionId(activeIndex) : undefined}
          placeholder="e.g. Frankfurt, JP or SIN"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActiveIndex(0);
          }}
          onKeyDown={onKeyDown}
        />
        <div
          id={`${ids}-list`}
          role="listbox"
          className="combobox__list"
          hidden={!open}
          aria-label="Locations"
        >
          {results.map((dc, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys (aria-activedescendant)
            <div
              key={dc.colo}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === activeIndex}
              className="combobox__option"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => void choose(dc.colo)}
            >
              <Flag country={dc.country} />
              <span>
                {dc.city}, {countryName(dc.country)}
              </span>
              <span className="muted mono">{dc.colo}</span>
            </div>
          ))}
        </div>
      </div>
      {location.source === 'user' ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => void setLocation.run({ auto: true })}
        >
          Use automatic (from time zone)
        </button>
      ) : null}
      <InlineError message={setLocation.error} onDismiss={setLocation.clearError} />
    </div>
  );
}
