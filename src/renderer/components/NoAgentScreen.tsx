import { Icon } from './Icon.js';

/** Opened in a browser without a bridge: how to get an agent to talk to. */
export function NoAgentScreen({ problem }: { problem?: string | undefined }) {
  return (
    <main className="screen" data-testid="no-agent">
      <Icon name="route" className="screen__icon" />
      <h1 className="screen__title">No agent to talk to</h1>
      {problem ? <p className="screen__problem">{problem}</p> : null}
      <p>
        This popover shows and switches where your traffic egresses, through the Egress Switcher
        agent. In the desktop app it connects by itself.
      </p>
      <p>In a browser, start the agent with its local simulator and open the address it prints:</p>
      <pre className="screen__code">npm run start:web</pre>
      <p className="muted">
        That address carries <code>?bridge=http://127.0.0.1:PORT&amp;token=…</code>, the agent's
        loopback LocalAPI and its token.
      </p>
    </main>
  );
}
