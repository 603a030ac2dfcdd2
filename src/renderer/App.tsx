import { useCallback, useEffect, useRef, useState } from 'react';
import type { VnetEntry } from '../shared/agent/state.js';
import type { AgentLink } from './bridge/agent-link.js';
import { ConnectionsPanel } from './components/ConnectionsPanel.js';
import { EgressCard } from './components/EgressCard.js';
import { Header } from './components/Header.js';
import { HistoryPanel } from './components/HistoryPanel.js';
import { InlineError } from './components/InlineError.js';
import { LinkLostBanner } from './components/LinkLostBanner.js';
import { LiveRegion } from './components/LiveRegion.js';
import { MapPanel } from './components/MapPanel.js';
import { NetworksPanel } from './components/NetworksPanel.js';
import { SettingsPanel } from './components/SettingsPanel.js';
import { StartingShell } from './components/StartingShell.js';
import { StatusBanner } from './components/StatusBanner.js';
import { panelDomId, TabBar, type TabId, tabDomId } from './components/TabBar.js';
import { WhatIfPanel } from './components/WhatIfPanel.js';
import { useAgentCommand } from './hooks/use-agent-command.js';
import { useAgentSnapshot } from './hooks/use-agent-snapshot.js';
import { useAnnouncer } from './hooks/use-announcer.js';
import { useFirstRenderMark } from './hooks/use-first-render-mark.js';
import { useGlobalKeys } from './hooks/use-global-keys.js';
import { useNow } from './hooks/use-now.js';
import { useSwitcher } from './hooks/use-switcher.js';
import { displayState } from './lib/display-state.js';
import { describeLinkProblem } from './lib/error-text.js';

/** The popover: current egress on top, then the networks, what-if, history and settings. */
export function App({ link }: { link: AgentLink }) {
  const { api } = link;
  const { snapshot, link: linkState } = useAgentSnapshot(link);
  const [tab, setTab] = useState<TabId>('networks');
  const [query, setQuery] = useState('');
  const searchRef = useRef<HTMLInputElement | null>(null);
  const focusSearch = useRef(false);
  const { announcement, announce } = useAnnouncer(snapshot);
  const shownSeq = useRef(-1);
  shownSeq.current = snapshot?.seq ?? -1;
  const currentSeq = useCallback(() => shownSeq.current, []);
  const switcher = useSwitcher(api, currentSeq);
  const favourite = useAgentCommand(api, 'setFavourite', 'change your favourites');
  const verify = useAgentCommand(api, 'verify', 'verify');
  const refresh = useAgentCommand(api, 'refresh', 'reach the control API');
  const now = useNow(snapshot?.status === 'offline' ? 1000 : 15_000);
  useFirstRenderMark('egress-card-rendered', snapshot?.egress != null);

  useEffect(() => {
    if (tab === 'networks' && focusSearch.current) {
      focusSearch.current = false;
      searchRef.current?.focus();
    }
  });
  useGlobalKeys({
    onSlash: () => {
      if (tab === 'networks') {
        searchRef.current?.focus();
        return;
      }
      focusSearch.current = true;
      setTab('networks');
    },
    onEscape: () => {
      if (tab === 'networks' && query !== '') {
        setQuery('');
        searchRef.current?.focus();
        return true;
      }
      if (tab !== 'networks') {
        focusSearch.current = true;
        setTab('networks');
        return true;
      }
      return false;
    },
  });

  const onSwitch = useCallback(
    (vnet: VnetEntry) => {
      if (vnet.attached && snapshot?.status !== 'switching') {
        announce(`Already on ${vnet.name}.`);
        return;
      }
      switcher.switchTo(vnet.id);
    },
    [switcher, snapshot?.status, announce],
  );
  const onToggleFavourite = useCallback(
    (vnet: VnetEntry) => {
      void favourite.run({ vnet: vnet.id, favourite: !vnet.favourite });
      announce(
        vnet.favourite
          ? `${vnet.name} removed from favourites.`
          : `${vnet.name} added to favourites.`,
      );
    },
    [favourite, announce],
  );

  if (snapshot === null) {
    const problem = linkState.connected ? null : describeLinkProblem(linkState.error);
    return <StartingShell label={link.label} problem={problem} />;
  }

  const shown = displayState(snapshot, switcher.pendingId, switcher.answer);
  const switchingId = shown.switchingId;
  const switchingName =
    switchingId === null
      ? null
      : (snapshot.vnets.find((vnet) => vnet.id === switchingId)?.name ??
        snapshot.switching?.vnet_name ??
        null);
  const historyKey = `${snapshot.egress?.resolved_at}|${snapshot.verification?.checked_at}|${snapshot.recents.join()}`;

  return (
    <div className="app" data-status={snapshot.status}>
      <Header status={snapshot.status} />
      {linkState.connected ? null : <LinkLostBanner label={link.label} />}
      <StatusBanner
        snapshot={snapshot}
        now={now}
        retrying={refresh.pending}
        onRetry={() => void refresh.run({})}
      />
      <EgressCard
        snapshot={snapshot}
        egress={shown.egress}
        verification={shown.verification}
        now={now}
        switchingTo={switchingName}
        verifying={verify.pending}
        onVerify={() => void verify.run({})}
        announce={announce}
      />
      <InlineError
        message={verify.error ?? refresh.error}
        onDismiss={() => {
          verify.clearError();
          refresh.clearError();
        }}
      />
      <TabBar selected={tab} onSelect={setTab} />
      <section
        className="panel"
        role="tabpanel"
        id={panelDomId(tab)}
        aria-labelledby={tabDomId(tab)}
        data-testid={`panel-${tab}`}
      >
        {tab === 'networks' ? (
          <NetworksPanel
            snapshot={snapshot}
            query={query}
            onQueryChange={setQuery}
            searchRef={searchRef}
            switchingId={switchingId}
            onSwitch={onSwitch}
            onToggleFavourite={onToggleFavourite}
            error={switcher.error ?? favourite.error}
            onDismissError={() => {
              switcher.clearError();
              favourite.clearError();
            }}
          />
        ) : null}
        {tab === 'whatif' ? <WhatIfPanel api={api} snapshot={snapshot} /> : null}
        {tab === 'connections' ? <ConnectionsPanel api={api} snapshot={snapshot} /> : null}
        {tab === 'map' ? <MapPanel snapshot={snapshot} egress={shown.egress} /> : null}
        {tab === 'history' ? <HistoryPanel api={api} changeKey={historyKey} now={now} /> : null}
        {tab === 'settings' ? <SettingsPanel api={api} snapshot={snapshot} /> : null}
      </section>
      <LiveRegion announcement={announcement} />
    </div>
  );
}
