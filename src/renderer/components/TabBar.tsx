import type { KeyboardEvent } from 'react';

export type TabId = 'networks' | 'whatif' | 'connections' | 'map' | 'history' | 'settings';

// Labels only: six panels share a 376 px row, and icons would squeeze the labels onto two lines.
export const TABS: { id: TabId; label: string }[] = [
  { id: 'networks', label: 'Networks' },
  { id: 'whatif', label: 'What-if' },
  { id: 'connections', label: 'Connections' },
  { id: 'map', label: 'Map' },
  { id: 'history', label: 'History' },
  { id: 'settings', label: 'Settings' },
];

export const tabDomId = (id: TabId) => `tab-${id}`;
export const panelDomId = (id: TabId) => `panel-${id}`;

/** The panels, as ARIA tabs: ←/→, Home/End move and select (automatic activation). */
export function TabBar({ selected, onSelect }: { selected: TabId; onSelect: (id: TabId) => void }) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((tab) => tab.id === selected);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + TABS.length) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : null;
    const tab = next === null ? undefined : TABS[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.id);
    document.getElementById(tabDomId(tab.id))?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Panels" onKeyDown={onKeyDown}>
      {TABS.map((tab) => (
        <button
          key={tab.id}
          id={tabDomId(tab.id)}
          type="button"
          role="tab"
          className="tabs__tab"
          aria-selected={tab.id === selected}
          aria-controls={panelDomId(tab.id)}
          tabIndex={tab.id === selected ? 0 : -1}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
