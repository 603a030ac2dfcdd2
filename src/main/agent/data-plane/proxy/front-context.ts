import { errorMessage } from '../../../../shared/text/error-message.js';
import type { Destination, RouteConnection, RouteDecision, RouteLabel } from '../route.js';
import type { ConnectionTracker } from './connection-tracker.js';
import type { ProxyLimits } from './limits.js';

/** What every front needs from its listener. */
export interface FrontContext {
  route: RouteConnection;
  scope: string | null;
  tracker: ConnectionTracker;
  limits: ProxyLimits;
}

export type Decision =
  | Extract<RouteDecision, { ok: true }>
  | { ok: false; reason: string; label: RouteLabel | null };

/** Calls the decision; one that throws refuses the connection (fail closed), it never goes direct. */
export function decide(context: FrontContext, destination: Destination): Decision {
  try {
    return context.route(destination, context.scope);
  } catch (error) {
    const detail = errorMessage(error);
    return { ok: false, reason: `the egress decision failed: ${detail}`, label: null };
  }
}
