import { type FormEvent, useId, useState } from 'react';
import type { AgentApi, SettingsPatch } from '../../shared/agent/commands.js';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import { useAgentCommand } from '../hooks/use-agent-command.js';
import { checkRemoteInput } from '../lib/control-api-input.js';
import { checkWarpInput, type WarpField, type WarpFormValues } from '../lib/warp-input.js';
import { Spinner } from './Icon.js';
import { InlineError } from './InlineError.js';

type FieldError = { field: 'url' | 'token' | WarpField; error: string } | null;

function currentText(snapshot: AgentSnapshot): string {
  const { mode, url, account_id: account } = snapshot.control_api;
  if (mode === 'cloudflare_warp')
    return `Now: Cloudflare WARP${account ? ` · account ${account}` : ''}`;
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
  const [warp, setWarp] = useState<WarpFormValues>({
    account:
      snapshot.control_api.mode === 'cloudflare_warp'
        ? (snapshot.control_api.account_id ?? '')
        : '',
    token: '',
    apiUrl: '',
    warpCli: '',
    verifyUrl: '',
  });
  const [invalid, setInvalid] = useState<FieldError>(null);
  const [saved, setSaved] = useState(false);
  const update = useAgentCommand(api, 'updateSettings', 'change the control API');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    let patch: SettingsPatch = { control_api: { mode: 'local_simulator' } };
    if (mode === 'cloudflare_warp') {
      const checked = checkWarpInput(warp);
      if (!checked.ok) {
        setInvalid({ field: checked.field, error: checked.error });
        document.getElementById(`${ids}-${checked.field}`)?.focus();
        return;
      }
      patch = { control_api: checked.patch };
    } else if (mode === 'remote') {
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
      setWarp((values) => ({ ...values, token: '' }));
      setSaved(true);
    }
  };
  const unchanged = mode === 'local_simulator' && current.mode === 'local_simulator';
  const errorFor = (field: NonNullable<FieldError>['field']) =>
    invalid?.field === field ? invalid.error : null;
  const warpField = (field: WarpField) => ({
    id: `${ids}-${field}`,
    value: warp[field],
    onChange: (value: string) => setWarp((values) => ({ ...values, [field]: value })),
    error: errorFor(field),
  });
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
        <label className="radio">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={mode === 'cloudflare_warp'}
            onChange={() => setMode('cloudflare_warp')}
          />
          Cloudflare WARP <span className="muted">(the real WARP client and your account)</span>
        </label>
      </fieldset>
      {mode === 'cloudflare_warp' ? (
        <>
          <TextField {...warpField('account')} label="Account ID" type="text" />
          <TextField
            {...warpField('token')}
            label="Cloudflare API token (Zero Trust Read; never shown again)"
            type="password"
          />
          <TextField
            {...warpField('apiUrl')}
            label="Cloudflare API URL (optional)"
            type="url"
            placeholder="https://api.cloudflare.com/client/v4"
          />
          <TextField
            {...warpField('warpCli')}
            label="warp-cli path (optional)"
            type="text"
            placeholder="found on PATH or where WARP installs it"
          />
          <TextField
            {...warpField('verifyUrl')}
            label="Verify URL (optional)"
            type="url"
            placeholder="https://cloudflare.com/cdn-cgi/trace"
          />
        </>
      ) : null}
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
          {mode === 'remote'
            ? 'Connect'
            : mode === 'cloudflare_warp'
              ? 'Use Cloudflare WARP'
              : 'Use local simulator'}
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
  type: 'url' | 'password' | 'text';
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
