import { type FormEvent, useId, useState } from 'react';
import type { AgentApi, SettingsPatch } from '../../shared/agent/commands.js';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import { useAgentCommand } from '../hooks/use-agent-command.js';
import { Spinner } from './Icon.js';
import { InlineError } from './InlineError.js';

/** The local simulator, or a remote control API with its URL and token (write-only). */
export function ControlApiForm({ api, snapshot }: { api: AgentApi; snapshot: AgentSnapshot }) {
  const ids = useId();
  const current = snapshot.settings.control_api;
  const [mode, setMode] = useState(current.mode);
  const [url, setUrl] = useState(current.url ?? '');
  const [token, setToken] = useState('');
  const update = useAgentCommand(api, 'updateSettings', 'change the control API');
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const patch: SettingsPatch =
      mode === 'local_simulator'
        ? { control_api: { mode } }
        : { control_api: { mode, url: url.trim(), token: token.trim() } };
    if (await update.run(patch)) {
      setToken('');
      setSaved(true);
    }
  };
  const unchanged = mode === 'local_simulator' && current.mode === 'local_simulator';
  return (
    <form className="form" onSubmit={submit} noValidate>
      <fieldset className="radio-group">
        <legend className="field__label">Where the control API is</legend>
        <label className="radio">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={mode === 'local_simulator'}
            onChange={() => setMode('local_simulator')}
          />
          Local simulator <span className="muted">(demo data on this machine)</span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={mode === 'remote'}
            onChange={() => setMode('remote')}
          />
          Remote
        </label>
      </fieldset>
      {mode === 'remote' ? (
        <>
          <label className="field" htmlFor={`${ids}-url`}>
            <span className="field__label">URL</span>
            <input
              id={`${ids}-url`}
              className="input"
              type="url"
              placeholder="https://egress.example.com"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
          <label className="field" htmlFor={`${ids}-token`}>
            <span className="field__label">
              Token{' '}
              {current.has_token && current.mode === 'remote'
                ? '(leave as is: type a new one to replace)'
                : ''}
            </span>
            <input
              id={`${ids}-token`}
              className="input"
              type="password"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              autoComplete="off"
            />
          </label>
        </>
      ) : null}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--small"
          disabled={unchanged}
          aria-busy={update.pending}
        >
          {update.pending ? <Spinner /> : null}
          {mode === 'remote' ? 'Connect' : 'Use local simulator'}
        </button>
        <span className="muted form__status" role="status">
          {saved ? 'Saved.' : snapshot.control_api.url ? `Now: ${snapshot.control_api.url}` : ''}
        </span>
      </div>
      <InlineError message={update.error} onDismiss={update.clearError} />
    </form>
  );
}
