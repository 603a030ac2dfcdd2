import type { RuleTraceEntry } from '../../shared/api/resolve.js';
import { conditionSegments } from '../lib/condition-segments.js';

const OUTCOME_LABEL: Record<RuleTraceEntry['outcome'], string> = {
  matched: 'matched',
  no_match: 'no match',
  disabled: 'disabled',
  not_reached: 'not reached',
  uncertain: 'uncertain',
};

function Condition({
  text,
  vnets,
}: {
  text: string;
  vnets: readonly { id: string; name: string }[];
}) {
  return (
    <code className="trace__condition">
      {conditionSegments(text, vnets).map((segment) =>
        segment.kind === 'text' ? (
          <span key={segment.at}>{segment.text}</span>
        ) : (
          <abbr key={segment.at} className="trace__vnet" title={segment.id}>
            {segment.name}
          </abbr>
        ),
      )}
    </code>
  );
}

/** The rules in the order they were evaluated: which one matched, and why the others did not. */
export function RuleTrace({
  trace,
  vnets,
}: {
  trace: readonly RuleTraceEntry[];
  vnets: readonly { id: string; name: string }[];
}) {
  if (trace.length === 0) {
    return <p className="muted">No egress rules: the account's dedicated IPs decide.</p>;
  }
  return (
    <ol className="trace" aria-label="Rules, in evaluation order">
      {trace.map((entry) => (
        <li key={entry.rule.id} className={`trace__rule trace__rule--${entry.outcome}`}>
          <span className="trace__precedence" title="Precedence">
            {entry.rule.precedence}
          </span>
          <span className="trace__body">
            <span className="trace__head">
              <span className="trace__name">{entry.rule.name}</span>
              <span className={`chip chip--${entry.outcome}`}>{OUTCOME_LABEL[entry.outcome]}</span>
            </span>
            {entry.outcome === 'uncertain' && entry.uncertain ? (
              <span className="trace__failed">Cannot be evaluated here: {entry.uncertain}</span>
            ) : null}
            {entry.failed ? (
              <span className="trace__failed">
                {entry.failed.expression.replace('_', ' ')} failed:{' '}
                <Condition text={entry.failed.condition} vnets={vnets} />
              </span>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
