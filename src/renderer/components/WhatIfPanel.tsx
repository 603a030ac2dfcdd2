import { type FormEvent, useId, useState } from 'react';
import type { AgentApi } from '../../shared/agent/commands.js';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import type { ResolveResult } from '../../shared/api/resolve.js';
import { useAgentCommand } from '../hooks/use-agent-command.js';
import { parseDestination } from '../lib/destination-input.js';
import { egressSentence, placeText, unavailableReason, whyText } from '../lib/egress-text.js';
import { EgressFlag } from './Flag.js';
import { Icon, Spinner } from './Icon.js';
import { InlineError } from './InlineError.js';
import { RuleTrace } from './RuleTrace.js';

function Result({ result, snapshot }: { result: ResolveResult; snapshot: AgentSnapshot }) {
  const { egress } = result;
  const unavailable = egress.kind === 'unavailable';
  return (
    <section className="whatif__result" aria-label="Resolution" data-testid="whatif-result">
      <div className={`whatif__egress${unavailable ? ' whatif__egress--unavailable' : ''}`}>
        <EgressFlag egress={egress} />
        <div>
          <p className="whatif__place">
            {unavailable
              ? `Unavailable — ${unavailableReason(result.decided_by, result.fallback)}`
              : (placeText(egress) ?? egressSentence(egress))}
            {egress.colo && !unavailable ? <span className="muted"> · {egress.colo}</span> : null}
          </p>
          {egress.ipv4 ? <p className="mono">{egress.ipv4}</p> : null}
          <p className="muted">
            {whyText(result.decided_by, egress)}
            {result.fallback.used ? ` · fallback: ${result.fallback.reason ?? 'primary down'}` : ''}
          </p>
          {result.decided_by.uncertain ? (
            <p className="whatif__uncertain" data-testid="whatif-uncertain">
              {result.decided_by.uncertain}
            </p>
          ) : null}
        </div>
      </div>
      <h3 className="subhead">Rules</h3>
      <RuleTrace trace={result.trace ?? []} vnets={snapshot.vnets} />
    </section>
  );
}

/** "Where would traffic to this destination egress, and why?" without switching anything. */
export function WhatIfPanel({ api, snapshot }: { api: AgentApi; snapshot: AgentSnapshot }) {
  const ids = useId();
  const [destination, setDestination] = useState('');
  const [port, setPort] = useState('');
  const [vnetId, setVnetId] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [result, setResult] = useState<ResolveResult | null>(null);
  const whatIf = useAgentCommand(api, 'whatIf', 'resolve that destination');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDestination(destination, port);
    if (!parsed.ok) {
      setInputError(parsed.error);
      return;
    }
    setInputError(null);
    const answer = await whatIf.run({
      destination: parsed.destination,
      ...(vnetId ? { vnet_id: vnetId } : {}),
    });
    if (answer) setResult(answer);
  };

  const attached = snapshot.vnets.find((vnet) => vnet.attached);
  return (
    <div className="panel-body whatif">
      <form className="form" onSubmit={submit} noValidate>
        <div className="form__row">
          <label className="field field--grow" htmlFor={`${ids}-dst`}>
            <span className="field__label">Destination</span>
            <input
              id={`${ids}-dst`}
              className="input"
              placeholder="example.com or 198.51.100.7"
              value={destination}
              onChange={(event) => setDestination(event.target.value)}
              aria-invalid={inputError !== null}
              aria-describedby={inputError ? `${ids}-err` : undefined}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
          <label className="field field--port" htmlFor={`${ids}-port`}>
            <span className="field__label">Port</span>
            <input
              id={`${ids}-port`}
              className="input"
              inputMode="numeric"
              placeholder="443"
              value={port}
              onChange={(event) => setPort(event.target.value)}
            />
          </label>
        </div>
        <div className="form__row">
          <label className="field field--grow" htmlFor={`${ids}-vnet`}>
            <span className="field__label">Network</span>
            <select
              id={`${ids}-vnet`}
              className="input"
              value={vnetId}
              onChange={(event) => setVnetId(event.target.value)}
            >
              <option value="">Attached{attached ? ` (${attached.name})` : ''}</option>
              {snapshot.vnets.map((vnet) => (
                <option key={vnet.id} value={vnet.id}>
                  {vnet.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--primary" aria-busy={whatIf.pending}>
            {whatIf.pending ? <Spinner /> : <Icon name="route" />}
            Resolve
          </button>
        </div>
        {inputError ? (
          <p id={`${ids}-err`} className="field__error" role="alert">
            {inputError}
          </p>
        ) : null}
      </form>
      <InlineError message={whatIf.error} onDismiss={whatIf.clearError} />
      {result ? (
        <Result result={result} snapshot={snapshot} />
      ) : (
        <p className="empty">
          Ask where traffic to a host or IP would leave, which rule decides it, and why the other
          rules did not match — without switching.
        </p>
      )}
    </div>
  );
}
