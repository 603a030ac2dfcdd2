import { useId, useState } from 'react';
import type { AgentApi } from '../../shared/agent/commands.js';
import { useAgentCommand } from '../hooks/use-agent-command.js';
import { InlineError } from './InlineError.js';

/** The user email the agent resolves as (identity rules, e.g. contractors, depend on it). */
export function IdentityForm({ api, email }: { api: AgentApi; email: string }) {
  const ids = useId();
  const [value, setValue] = useState(email);
  const update = useAgentCommand(api, 'updateSettings', 'change the user');
  return (
    <form
      className="form form__row"
      onSubmit={(event) => {
        event.preventDefault();
        void update.run({ user_email: value.trim() });
      }}
      noValidate
    >
      <label className="field field--grow" htmlFor={`${ids}-email`}>
        <span className="field__label">Signed in as (rules can depend on it)</span>
        <input
          id={`${ids}-email`}
          className="input"
          type="email"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoComplete="email"
        />
      </label>
      <button type="submit" className="button button--small" disabled={value.trim() === email}>
        Save
      </button>
      <InlineError message={update.error} onDismiss={update.clearError} />
    </form>
  );
}
