import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../route-kit.js';
import { registerAccountRoutes } from './accounts.js';
import { registerDeviceConfigRoute } from './device-config.js';
import { registerDeviceRoutes } from './devices.js';
import { registerEgressIpRoutes } from './egress-ips.js';
import { registerEventRoutes } from './events.js';
import { registerGatewayRuleRoutes } from './gateway-rules.js';
import { registerMetaRoutes } from './meta.js';
import { registerResolveRoutes } from './resolve.js';
import { registerTraceRoute } from './trace.js';
import { registerUserRoutes } from './users.js';
import { registerVirtualNetworkRoutes } from './virtual-networks.js';

export function registerRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerMetaRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerVirtualNetworkRoutes(app, deps);
  registerGatewayRuleRoutes(app, deps);
  registerEgressIpRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  registerDeviceConfigRoute(app, deps);
  registerUserRoutes(app, deps);
  registerResolveRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerTraceRoute(app, deps);
}
