import type { KeyboardEvent, Ref } from 'react';
import { Icon } from './Icon.js';

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** ArrowDown/Enter hand over to the list. */
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  listId: string;
  resultCount: number | null;
  inputRef: Ref<HTMLInputElement>;
}

/** The vnet filter: `/` focuses it from anywhere, Esc clears it, ↓ moves into the list. */
export function SearchField({ value, onChange, onKeyDown, listId, resultCount, inputRef }: Props) {
  return (
    <div className="search">
      <Icon name="search" className="search__icon" />
      <input
        ref={inputRef}
        type="search"
        className="search__input"
        placeholder="Search networks, cities, IPs…"
        aria-label="Search virtual networks by name, city, country, data center or IP"
        aria-controls={listId}
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {value === '' ? (
        <span className="search__hint" aria-hidden="true">
          <kbd>/</kbd>
        </span>
      ) : (
        <span className="search__count" aria-live="polite">
          {resultCount === 0 ? 'No match' : `${resultCount} found`}
        </span>
      )}
    </div>
  );
}
