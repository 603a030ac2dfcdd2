export * from './commands.js';
export * from './connections.js';
export * from './egress-change.js';
export * from './errors.js';
export * from './history.js';
export * from './http-client.js';
export * from './state.js';
export * from './vnet-sections.js';
