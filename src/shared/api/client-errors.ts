import type { ApiMessage } from './envelope.js';

/** The control API answered with an error envelope (or with something unreadable). */
export class ControlApiError extends Error {
  override readonly name: string = 'ControlApiError';
  readonly status: number;
  /** The first error's code (see `ErrorCode`). */
  readonly code: number;
  /** Every error the server listed. */
  readonly errors: readonly ApiMessage[];

  constructor(status: number, code: number, message: string, errors?: readonly ApiMessage[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors ?? [{ code, message }];
  }
}

/** The control API could not be reached: connection refused, DNS, reset, or the timeout. */
export class ControlApiUnreachableError extends Error {
  override readonly name: string = 'ControlApiUnreachableError';
  readonly reason: 'network' | 'timeout';
  readonly url: string;

  constructor(url: string, reason: 'network' | 'timeout', cause?: unknown) {
    super(
      reason === 'timeout'
        ? `the control API at ${url} did not answer in time`
        : `the control API at ${url} is unreachable${describeCause(cause)}`,
      { cause },
    );
    this.reason = reason;
    this.url = url;
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const inner = (cause as { cause?: unknown }).cause;
  const code = inner && typeof inner === 'object' && 'code' in inner ? String(inner.code) : '';
  return code ? ` (${code})` : cause.message ? ` (${cause.message})` : '';
}
