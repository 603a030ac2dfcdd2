import { type KeyboardEvent, useCallback, useId, useMemo, useState } from 'react';
import type { AgentApi } from '../../shared/agent/commands.js';
import type { ConnectionEntry } from '../../shared/agent/connections.js';
import { connectionsToCsv } from '../../shared/agent/connections-csv.js';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import { clockTime } from '../../shared/text/relative-time.js';
import { downloadText } from '../dom/download.js';
import { useConnections } from '../hooks/use-connections.js';
import {
  bytesText,
  type ConnectionFilter,
  connectionEgressText,
  connectionKey,
  connectionRuleText,
  destinationText,
  filterConnections,
  outcomeText,
} from '../lib/connection-list.js';
import { describeError } from '../lib/error-text.js';
import { connectionsFileName, connectionsToJson, EXPORT_MIME } from '../lib/export-files.js';
import { ConnectionDetail } from './ConnectionDetail.js';
import { Icon } from './Icon.js';
import { InlineError } from './InlineError.js';

/** The agent keeps about 500; the panel shows the newest of them and exports them all. */
const SHOWN = 200;
const EXPORTED = 10_000;

const Sep = () => (
  <>
    <span className="sr-only">, </span>
    <span aria-hidden="true">·</span>
  </>
);

function Row({
  entry,
  open,
  detailId,
  onToggle,
}: {
  entry: ConnectionEntry;
  open: boolean;
  detailId: string;
  onToggle: () => void;
}) {
  const label = entry.label;
  const bad = entry.outcome !== 'ok';
  return (
    <button
      type="button"
      className={`conn__row conn__row--${entry.outcome}`}
      aria-expanded={open}
      aria-controls={open ? detailId : undefined}
      onClick={onToggle}
      data-conn-row="true"
    >
      <span className="conn__line">
        {bad ? <Icon name="ban" className="conn__mark" /> : null}
        <span className="conn__dest mono">{destinationText(entry.destination)}</span>
        {bad ? null : (
          <span className="conn__bytes muted">
            <span className="sr-only">, </span>
            <span aria-hidden="true">↑</span>
            {bytesText(entry.bytes_up)}
            <span className="sr-only"> up, </span> <span aria-hidden="true">↓</span>
            {bytesText(entry.bytes_down)}
            <span className="sr-only"> down</span>
          </span>
        )}
        <span className="sr-only">, </span>
        <time className="conn__time muted" dateTime={entry.started_at}>
          {clockTime(entry.started_at)}
        </time>
      </span>
      <span className="conn__line conn__meta">
        <span className="sr-only">, network </span>
        <span className="conn__vnet">{label?.vnet_name ?? 'none'}</span>
        <Sep />
        <span className="conn__rule">{connectionRuleText(entry)}</span>
        <Sep />
        <span className="conn__egress mono">{connectionEgressText(entry)}</span>
      </span>
      {bad ? (
        <span className="conn__line conn__reason" data-testid="connection-refusal">
          <span className="sr-only">, </span>
          <span className="tag tag--danger">{outcomeText(entry.outcome)}</span>
          <span className="sr-only">: </span>
          <span className="conn__reason-text">{entry.reason ?? 'no reason given'}</span>
        </span>
      ) : null}
    </button>
  );
}

/** ↑/↓, Home/End move between rows: a long list should not need a Tab per connection. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[data-conn-row]')];
  const index = rows.indexOf(document.activeElement as HTMLButtonElement);
  if (index < 0) return;
  const next =
    event.key === 'ArrowDown'
      ? Math.min(index + 1, rows.length - 1)
      : event.key === 'ArrowUp'
        ? Math.max(index - 1, 0)
        : event.key === 'Home'
          ? 0
          : rows.length - 1;
  event.preventDefault();
  rows[next]?.focus();
}

/**
 * The local proxy's connection log, live: where each connection went, which vnet and rule
 * decided it, where it left and how much it carried; refused ones with the reason. Opening a
 * row shows the rule trace behind it. Exports like the history.
 */
export function ConnectionsPanel({ api, snapshot }: { api: AgentApi; snapshot: AgentSnapshot }) {
  const ids = useId();
  const { entries, error, clearError } = useConnections(api, SHOWN);
  const [filter, setFilter] = useState<ConnectionFilter>('all');
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const shown = useMemo(() => filterConnections(entries ?? [], filter), [entries, filter]);
  const refused = useMemo(
    () => (entries ?? []).filter((entry) => entry.outcome !== 'ok').length,
    [entries],
  );

  const exportAs = useCallback(
    async (format: 'csv' | 'json') => {
      setExportError(null);
      try {
        const all = await api.getConnections({ limit: EXPORTED });
        const at = new Date();
        const text = format === 'csv' ? connectionsToCsv(all) : connectionsToJson(all, at);
        downloadText(connectionsFileName(format, at), text, EXPORT_MIME[format]);
      } catch (failure) {
        setExportError(describeError(failure, 'export the connections'));
      }
    },
    [api],
  );

  const empty = entries !== null && entries.length === 0;
  const proxy = snapshot.proxy;
  return (
    <div className="panel-body conn">
      <div className="toolbar">
        <p className="toolbar__title">
          {entries === null
            ? 'Loading…'
            : `${entries.length} connection${entries.length === 1 ? '' : 's'}`}
        </p>
        <button
          type="button"
          className="button button--small"
          aria-pressed={filter === 'refused'}
          onClick={() => setFilter(filter === 'refused' ? 'all' : 'refused')}
          disabled={refused === 0 && filter === 'all'}
        >
          Refused{refused > 0 ? ` (${refused})` : ''}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => exportAs('csv')}
          disabled={empty}
        >
          <Icon name="download" />
          CSV
          <span className="sr-only"> export of the connections</span>
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => exportAs('json')}
          disabled={empty}
        >
          <Icon name="download" />
          JSON
          <span className="sr-only"> export of the connections</span>
        </button>
      </div>
      <InlineError
        message={exportError ?? error}
        onDismiss={() => {
          setExportError(null);
          clearError();
        }}
      />
      {empty ? (
        <p className="empty">
          No connections yet. Point a client at the proxy
          {proxy.listening ? (
            <>
              {' '}
              (<span className="mono">curl -x http://{proxy.address} https://example.com</span>)
            </>
          ) : null}{' '}
          and each connection appears here with the rule that sent it where it went.
        </p>
      ) : null}
      {entries !== null && !empty && shown.length === 0 ? (
        <p className="empty">No refused connections among the last {entries.length}.</p>
      ) : null}
      {shown.length > 0 ? (
        <ul className="conn__list" aria-label="Connections, newest first" onKeyDown={moveFocus}>
          {shown.map((entry) => {
            const key = connectionKey(entry);
            const open = key === openKey;
            const detailId = `${ids}-${key.replace(/[^a-z0-9]/gi, '_')}`;
            return (
              <li
                key={key}
                className="conn__item"
                data-testid="connection"
                data-host={entry.destination.host}
                data-outcome={entry.outcome}
              >
                <Row
                  entry={entry}
                  open={open}
                  detailId={detailId}
                  onToggle={() => setOpenKey(open ? null : key)}
                />
                {open ? (
                  <ConnectionDetail api={api} entry={entry} vnets={snapshot.vnets} id={detailId} />
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
