import { type FormEvent, useId, useState } from 'react';
import type { AgentApi, SettingsPatch } from '../../shared/agent/commands.js';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import { useAgentCommand } from '../hooks/use-agent-command.js';
import { checkRemoteInput } from '../lib/control-api-input.js';
import { Spinner } from './Icon.js';
import { InlineError } from './InlineError.js';

type FieldError = { field: 'url' | 'token'; error: string } | null;

function currentText(snapshot: AgentSnapshot): string {
  const { mode, url } = snapshot.control_api;
  if (mode === 'local_simulator')
    return url ? `Now: local simulator at ${url}` : 'Now: local simulator';
  return url ? `Now: ${url}` : '';
}

/** The local simulator, or a remote control API with its URL and token (write-only). */
export function ControlApiForm({ api, snapshot }: { api: AgentApi; snapshot: AgentSnapshot }) {
  const ids = useId();
  const current = snapshot.settings.control_api;
  const [mode, setMode] = useState(current.mode);
  const [url, setUrl] = useState(current.url ?? '');
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState<FieldError>(null);
  const [saved, setSaved] = useState(false);
  const update = useAgentCommand(api, 'updateSettings', 'change the control API');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    let patch: SettingsPatch = { control_api: { mode: 'local_simulator' } };
    if (mode === 'remote') {
      const checked = checkRemoteInput(url, token);
      if (!checked.ok) {
        setInvalid({ field: checked.field, error: checked.error });
        document.getElementById(`${ids}-${checked.field}`)?.focus();
        return;
      }
      patch = { control_api: { mode, url: checked.url, token: checked.token } };
    }
    setInvalid(null);
    if (await update.run(patch)) {
      setToken('');
      setSaved(true);
    }
  };
  const unchanged = mode === 'local_simulator' && current.mode === 'local_simulator';
  const errorFor = (field: 'url' | 'token') => (invalid?.field === field ? invalid.error : null);
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
          <TextField
            id={`${ids}-url`}
            label="URL"
            type="url"
            placeholder="https://egress.example.com"
            value={url}
            onChange={setUrl}
            error={errorFor('url')}
          />
          <TextField
            id={`${ids}-token`}
            label="Token (admin or device; never shown again)"
            type="password"
            value={token}
            onChange={setToken}
            error={errorFor('token')}
          />
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
          {saved ? 'Saved.' : currentText(snapshot)}
        </span>
      </div>
      <InlineError message={update.error} onDismiss={update.clearError} />
    </form>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  type: 'url' | 'password';
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
}

function TextField({ id, label, type, placeholder, value, onChange, error }: TextFieldProps) {
  return (
    <label className="field" htmlFor={id}>
      <span className="field__label">{label}</span>
      <input
        id={id}
        className="input"
        type={type}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        autoComplete="off"
        spellCheck={false}
      />
      {error ? (
        <span id={`${id}-error`} className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}
