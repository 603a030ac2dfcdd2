import { type KeyboardEvent, type RefObject, useId, useMemo, useState } from 'react';
import type { AgentSnapshot, VnetEntry } from '../../shared/agent/state.js';
import { searchVnets } from '../lib/vnet-search.js';
import { sectionVnets, type VnetSection } from '../lib/vnet-sections.js';
import { InlineError } from './InlineError.js';
import { SearchField } from './SearchField.js';
import { optionDomId, VnetList } from './VnetList.js';

interface Props {
  snapshot: AgentSnapshot;
  query: string;
  onQueryChange: (query: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  switchingId: string | null;
  onSwitch: (vnet: VnetEntry) => void;
  onToggleFavourite: (vnet: VnetEntry) => void;
  error: string | null;
  onDismissError: () => void;
}

/** Search plus the vnet list: sections when idle, one ranked list while searching. */
export function NetworksPanel(props: Props) {
  const { snapshot, query, searchRef } = props;
  const listId = useId().replaceAll(':', '');
  const hintId = `${listId}-hint`;
  const [activeId, setActiveId] = useState<string | null>(null);

  const sections: VnetSection[] = useMemo(() => {
    if (query.trim() === '') {
      return sectionVnets(snapshot.vnets, snapshot.favourites, snapshot.recents);
    }
    return [{ id: 'results', title: 'Results', vnets: searchVnets(snapshot.vnets, query) }];
  }, [snapshot.vnets, snapshot.favourites, snapshot.recents, query]);
  const first = sections[0]?.vnets[0];
  const searching = query.trim() !== '';

  const focusRow = (vnetId: string) => {
    setActiveId(vnetId);
    document.getElementById(optionDomId(listId, vnetId))?.focus();
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && first) {
      event.preventDefault();
      focusRow(searching || activeId === null ? first.id : activeId);
    } else if (event.key === 'Enter' && searching && first) {
      // Type "ams", press Enter: the best match is where you go.
      event.preventDefault();
      props.onSwitch(first);
    }
  };

  const resultCount = searching ? (sections[0]?.vnets.length ?? 0) : null;
  return (
    <div className="networks">
      <SearchField
        value={query}
        onChange={(value) => {
          props.onQueryChange(value);
          setActiveId(null);
        }}
        onKeyDown={onSearchKey}
        listId={listId}
        resultCount={resultCount}
        inputRef={searchRef}
      />
      <InlineError message={props.error} onDismiss={props.onDismissError} />
      <div className="networks__scroll">
        <VnetList
          listId={listId}
          hintId={hintId}
          sections={sections}
          activeId={activeId}
          onActiveChange={setActiveId}
          switchingId={props.switchingId}
          onSwitch={props.onSwitch}
          onToggleFavourite={props.onToggleFavourite}
          onLeaveTop={(typed) => {
            searchRef.current?.focus();
            if (typed !== undefined) props.onQueryChange(query + typed);
          }}
        />
        {resultCount === 0 ? (
          <p className="empty">
            No network matches “{query.trim()}”. Search looks at names, cities, countries, data
            centers (LHR) and IPs.
          </p>
        ) : null}
        {snapshot.vnets.length === 0 ? (
          <p className="empty">This account has no virtual networks yet.</p>
        ) : null}
      </div>
      <p id={hintId} className="key-hints">
        <kbd>↑</kbd>
        <kbd>↓</kbd> move · <kbd>Enter</kbd> switch · <kbd>F</kbd> favourite · <kbd>/</kbd> search
      </p>
    </div>
  );
}
