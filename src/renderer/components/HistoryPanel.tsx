import { useCallback, useEffect, useState } from 'react';
import type { AgentApi } from '../../shared/agent/commands.js';
import { type HistoryEntry, historyToCsv } from '../../shared/agent/history.js';
import { shortDateTime } from '../../shared/text/relative-time.js';
import { downloadText } from '../dom/download.js';
import { shortPlaceText } from '../lib/egress-text.js';
import { describeError } from '../lib/error-text.js';
import { EXPORT_MIME, historyFileName, historyToJson } from '../lib/export-files.js';
import { Flag } from './Flag.js';
import { Icon } from './Icon.js';
import { InlineError } from './InlineError.js';

const SHOWN = 100;
const EXPORTED = 10_000;

const VERIFICATION_LABEL = { match: 'verified', mismatch: 'mismatch', error: 'not verified' };

function Entry({ entry, now }: { entry: HistoryEntry; now: number }) {
  const { egress } = entry;
  const place = egress.kind === 'unavailable' ? 'unavailable' : (shortPlaceText(egress) ?? '');
  return (
    <li className="history__entry" data-testid="history-entry">
      <time className="history__time" dateTime={entry.at}>
        {shortDateTime(entry.at, now)}
      </time>
      <div className="history__body">
        <p className="history__move">
          {entry.from ? <span className="muted">{entry.from.name}</span> : null}
          {entry.from ? <Icon name="arrowRight" className="history__arrow" /> : null}
          {entry.from ? <span className="sr-only"> to </span> : null}
          <strong>{entry.to.name}</strong>
        </p>
        <p className="history__egress">
          <Flag country={egress.kind === 'unavailable' ? null : egress.country} />
          <span className={egress.kind === 'unavailable' ? 'danger-text' : undefined}>{place}</span>
          {egress.ipv4 ? <span className="mono">{egress.ipv4}</span> : null}
        </p>
        <p className="history__meta muted">
          {entry.origin} · {Math.round(entry.duration_ms)} ms
          {entry.fallback_used ? ' · fallback' : ''}
          {entry.verification ? (
            <span className={`history__verify history__verify--${entry.verification}`}>
              {' · '}
              {VERIFICATION_LABEL[entry.verification]}
            </span>
          ) : null}
        </p>
      </div>
    </li>
  );
}

/** Switch history, newest first, with CSV and JSON export of all of it. */
export function HistoryPanel({
  api,
  changeKey,
  now,
}: {
  api: AgentApi;
  changeKey: string;
  now: number;
}) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: changeKey is the refetch trigger
  useEffect(() => {
    let live = true;
    api.getHistory({ limit: SHOWN }).then(
      (list) => {
        if (live) setEntries(list);
      },
      (failure: unknown) => {
        if (live) setError(describeError(failure, 'load the history'));
      },
    );
    return () => {
      live = false;
    };
  }, [api, changeKey]);

  const exportAs = useCallback(
    async (format: 'csv' | 'json') => {
      setExporting(true);
      setError(null);
      try {
        const all = await api.getHistory({ limit: EXPORTED });
        const at = new Date();
        const text = format === 'csv' ? historyToCsv(all) : historyToJson(all, at);
        downloadText(historyFileName(format, at), text, EXPORT_MIME[format]);
      } catch (failure) {
        setError(describeError(failure, 'export the history'));
      } finally {
        setExporting(false);
      }
    },
    [api],
  );

  const empty = entries !== null && entries.length === 0;
  return (
    <div className="panel-body history">
      <div className="toolbar">
        <p className="toolbar__title">
          {entries === null
            ? 'Loading…'
            : `${entries.length}${entries.length === SHOWN ? '+' : ''} switches`}
        </p>
        <button
          type="button"
          className="button button--small"
          onClick={() => exportAs('csv')}
          aria-disabled={empty || exporting}
          disabled={empty}
        >
          <Icon name="download" />
          Export CSV
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => exportAs('json')}
          disabled={empty}
        >
          <Icon name="download" />
          Export JSON
        </button>
      </div>
      <InlineError message={error} onDismiss={() => setError(null)} />
      {empty ? (
        <p className="empty">
          No switches yet. Each switch is recorded here with the egress it gave, so you can prove
          where a test ran from.
        </p>
      ) : (
        <ol className="history__list" aria-label="Switches, newest first">
          {entries?.map((entry) => (
            <Entry key={entry.id} entry={entry} now={now} />
          ))}
        </ol>
      )}
    </div>
  );
}
