import type { AgentApi } from '../../shared/agent/commands.js';
import type { AgentSettings } from '../../shared/agent/state.js';
import { useAgentCommand } from '../hooks/use-agent-command.js';
import { InlineError } from './InlineError.js';

type Toggle = 'notifications' | 'start_at_login' | 'verify_after_switch';

const TOGGLES: { key: Toggle; label: string; hint: string }[] = [
  {
    key: 'verify_after_switch',
    label: 'Verify after each switch',
    hint: 'Checks what a destination sees.',
  },
  {
    key: 'notifications',
    label: 'Notifications',
    hint: 'When the egress changes or a check fails.',
  },
  { key: 'start_at_login', label: 'Start at login', hint: 'Keep the tray icon ready.' },
];

/** On/off preferences, saved as soon as they are flipped. */
export function PreferenceToggles({ api, settings }: { api: AgentApi; settings: AgentSettings }) {
  const update = useAgentCommand(api, 'updateSettings', 'save that setting');
  return (
    <div className="toggles">
      {TOGGLES.map((toggle) => (
        <label key={toggle.key} className="toggle">
          <span className="toggle__text">
            <span>{toggle.label}</span>
            <span className="muted">{toggle.hint}</span>
          </span>
          <input
            type="checkbox"
            role="switch"
            aria-checked={settings[toggle.key]}
            className="switch"
            checked={settings[toggle.key]}
            onChange={(event) => void update.run({ [toggle.key]: event.target.checked })}
          />
        </label>
      ))}
      <InlineError message={update.error} onDismiss={update.clearError} />
    </div>
  );
}
