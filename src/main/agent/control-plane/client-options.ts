import type { FetchLike } from '../../../shared/api/index.js';

/** How the agent's HTTP clients behave: one fetch and one timeout for every call. */
export interface ClientOptions {
  fetch?: FetchLike | undefined;
  /** Per request; a slower answer counts as unreachable. */
  timeoutMs: number;
}
