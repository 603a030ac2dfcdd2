import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectAgent } from './bridge/agent-link.js';
import { selectBridge } from './bridge/bridge-config.js';
import { readRememberedBridge, rememberBridge } from './bridge/remembered-bridge.js';
import { NoAgentScreen } from './components/NoAgentScreen.js';
import './styles/theme.css';
import './styles/base.css';
import './styles/card.css';
import './styles/list.css';
import './styles/panels.css';
import './styles/map.css';
import './styles/connections.css';

const config = selectBridge(
  new URLSearchParams(window.location.search),
  readRememberedBridge(),
  window.egressAgent !== undefined,
);
if (config.kind === 'http') rememberBridge(config.baseUrl, config.token);

const container = document.getElementById('root');
if (!container) throw new Error('index.html lost its #root element');
createRoot(container).render(
  <StrictMode>
    {config.kind === 'none' ? (
      <NoAgentScreen problem={config.problem} />
    ) : (
      <App link={connectAgent(config)} />
    )}
  </StrictMode>,
);
