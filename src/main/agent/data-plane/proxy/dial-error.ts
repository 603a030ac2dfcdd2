import { errorMessage } from '../../../../shared/text/error-message.js';

/**
 * Why a dial failed, in the terms both fronts answer with: the kind picks the HTTP status and the
 * SOCKS5 reply; the stage says whose fault it was, because only a gateway that fails (not a
 * destination the gateway could not reach) may be retried through the rule's declared fallback.
 */
export type DialFailureKind = 'refused' | 'unreachable' | 'timeout' | 'general';
export type DialStage = 'gateway' | 'destination';

export class DialError extends Error {
  /** Set when the rule's declared fallback was tried after the primary gateway failed. */
  triedFallback = false;

  constructor(
    readonly kind: DialFailureKind,
    readonly stage: DialStage,
    message: string,
  ) {
    super(message);
    this.name = 'DialError';
  }
}

const KIND_BY_CODE: Record<string, DialFailureKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'general',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EAI_NONAME: 'unreachable',
  ETIMEDOUT: 'timeout',
};

/** Errors that mean the local source address itself is unusable (a source_address gateway). */
export const BIND_ERROR_CODES = new Set(['EADDRNOTAVAIL', 'EINVAL', 'EADDRINUSE']);

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function dialErrorFrom(error: unknown, stage: DialStage, what: string): DialError {
  if (error instanceof DialError) return error;
  const code = errorCode(error);
  const kind = (code !== undefined ? KIND_BY_CODE[code] : undefined) ?? 'general';
  const detail = errorMessage(error);
  return new DialError(kind, stage, `${what}: ${detail}`);
}
