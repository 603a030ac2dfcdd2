import { useEffect, useState } from 'react';
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

/**
 * On/off preferences, saved as soon as they are flipped. A flipped switch stays flipped while
 * the agent saves it (no flicker back), and returns only if saving fails.
 */
export function PreferenceToggles({ api, settings }: { api: AgentApi; settings: AgentSettings }) {
  const update = useAgentCommand(api, 'updateSettings', 'save that setting');
  const [flipped, setFlipped] = useState<Partial<Record<Toggle, boolean>>>({});
  // Once the agent's settings say what we asked, they are the truth again.
  useEffect(() => {
    setFlipped((current) => {
      const pending = Object.entries(current).filter(
        ([key, value]) => settings[key as Toggle] !== value,
      );
      return pending.length === Object.keys(current).length ? current : Object.fromEntries(pending);
    });
  }, [settings]);
  const flip = async (key: Toggle, value: boolean) => {
    setFlipped((current) => ({ ...current, [key]: value }));
    if (!(await update.run({ [key]: value }))) {
      setFlipped(({ [key]: _dropped, ...rest }) => rest);
    }
  };
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
            aria-checked={flipped[toggle.key] ?? settings[toggle.key]}
            className="switch"
            checked={flipped[toggle.key] ?? settings[toggle.key]}
            onChange={(event) => void flip(toggle.key, event.target.checked)}
          />
        </label>
      ))}
      <InlineError message={update.error} onDismiss={update.clearError} />
    </div>
  );
}
