import type { AgentApi } from '../../shared/agent/commands.js';
import type { AgentSnapshot } from '../../shared/agent/state.js';
import { ControlApiForm } from './ControlApiForm.js';
import { IdentityForm } from './IdentityForm.js';
import { LocationPicker } from './LocationPicker.js';
import { PreferenceToggles } from './PreferenceToggles.js';
import { WarpIpLabels } from './WarpIpLabels.js';

/** Control API, location, identity and preferences; every change goes to the agent at once. */
export function SettingsPanel({ api, snapshot }: { api: AgentApi; snapshot: AgentSnapshot }) {
  return (
    <div className="panel-body settings">
      <section className="settings__section" aria-labelledby="settings-location">
        <h3 id="settings-location" className="subhead">
          Your location
        </h3>
        <LocationPicker api={api} location={snapshot.location} />
      </section>
      <section className="settings__section" aria-labelledby="settings-behaviour">
        <h3 id="settings-behaviour" className="subhead">
          Behaviour
        </h3>
        <PreferenceToggles api={api} settings={snapshot.settings} />
      </section>
      <section className="settings__section" aria-labelledby="settings-api">
        <h3 id="settings-api" className="subhead">
          Control API
        </h3>
        <ControlApiForm api={api} snapshot={snapshot} />
      </section>
      {snapshot.control_api.mode === 'cloudflare_warp' ? (
        <section className="settings__section" aria-labelledby="settings-warp-ips">
          <h3 id="settings-warp-ips" className="subhead">
            Egress IP locations
          </h3>
          <WarpIpLabels api={api} snapshot={snapshot} />
        </section>
      ) : null}
      <section className="settings__section" aria-labelledby="settings-identity">
        <h3 id="settings-identity" className="subhead">
          Identity
        </h3>
        <IdentityForm api={api} email={snapshot.settings.user_email} />
      </section>
    </div>
  );
}
