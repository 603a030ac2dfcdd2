import type { ProxyState } from '../../shared/agent/connections.js';
import { CopyButton } from './CopyButton.js';

/** Where to point a client: the proxy's address (HTTP and SOCKS5 on one port), with copy. */
export function ProxyLine({
  proxy,
  announce,
}: {
  proxy: ProxyState;
  announce: (text: string) => void;
}) {
  const state = proxy.listening ? 'listening' : proxy.error ? 'down' : 'starting';
  return (
    <div
      className={`card__proxy card__proxy--${state}`}
      data-testid="proxy-line"
      data-state={state}
      title="HTTP and SOCKS5 proxy on one port"
    >
      <span className="card__proxy-dot" aria-hidden="true" />
      <span className="card__proxy-label">Proxy</span>
      <span className="card__proxy-address mono" data-testid="proxy-address">
        {proxy.address}
      </span>
      {state === 'listening' ? (
        <span className="sr-only">, HTTP and SOCKS5</span>
      ) : (
        <span className="card__proxy-state">{state === 'down' ? 'not running' : 'starting…'}</span>
      )}
      {proxy.listening ? (
        <CopyButton text={proxy.address} what="proxy address" onCopied={announce} />
      ) : null}
    </div>
  );
}
