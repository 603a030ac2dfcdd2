export type { CompiledDevice } from './compiled-device.js';
export { compileDevice } from './compiled-device.js';
export { type ConnectionExplanation, ConnectionRouter } from './connection-router.js';
export { decideConnection, UNKNOWN_DESTINATION_FIELDS } from './decide-connection.js';
export { type GatewayRoute, gatewayRoute, SHARED_ROUTE } from './gateway-upstream.js';
