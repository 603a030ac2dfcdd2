/** What one local proxy listener allows itself, so that no client can cost the agent more. */
export interface ProxyLimits {
  /** Connections (all fronts, including handshakes) open at once; more are refused with a reason. */
  maxConnections: number;
  /** From accept to a complete SOCKS5 request or HTTP request head. */
  handshakeTimeoutMs: number;
  /** A tunnel or keep-alive client connection with no traffic either way for this long is closed. */
  idleTimeoutMs: number;
  /** Dialling the gateway or destination, including the gateway's own handshake. */
  dialTimeoutMs: number;
  /** An HTTP request head larger than this is answered 431. */
  maxHeaderBytes: number;
}

export const DEFAULT_LIMITS: ProxyLimits = {
  maxConnections: 4096,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
  dialTimeoutMs: 10_000,
  maxHeaderBytes: 16 * 1024,
};

export function resolveLimits(overrides: Partial<ProxyLimits> | undefined): ProxyLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`proxy limit ${name} must be a positive integer, got ${value}`);
    }
  }
  return limits;
}

/** A limit as people read it in a reason: `10 s`, or `300 ms` below a second. */
export function formatLimit(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0
    ? `${ms / 1000} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${ms} ms`;
}
