export type { CompiledEgressConfig, CompiledRule, RuleRef } from './compiled-config.js';
export { compileEgressConfig } from './compiled-config.js';
export { InvalidResolveContextError } from './errors.js';
export { RESOURCE_WEIGHT, TOLERANCE_KM, TOLERANCE_RATIO } from './geo-balancer.js';
export { type ResolveOptions, resolveEgress } from './resolve.js';
export { sharedEgressFor } from './shared-egress.js';
export * from './types.js';
