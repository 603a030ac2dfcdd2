import { errorMessage } from '../../shared/text/error-message.js';

/**
 * The database cannot be reached or dropped the connection: nothing the client did, and worth
 * retrying shortly. The API answers it with 503 and `x-should-retry: true`, not a 500.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(errorMessage(cause), { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** Socket-level failures node-postgres passes through from the network. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server going away or not taking connections: class 08 (connection exception),
 * 57P01–57P03 (shut down by an administrator, by a crash, not yet accepting connections) and
 * 53300 (too many connections).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

// node-postgres gives these without a code when the socket ends or the pool cannot connect.
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) {
    return true;
  }
  return LOST_CONNECTION.test(error.message);
}

/** Rethrows a connection failure as DatabaseUnavailableError; anything else as it was. */
export function asDatabaseError(error: unknown): unknown {
  return isDatabaseUnavailable(error) && !(error instanceof DatabaseUnavailableError)
    ? new DatabaseUnavailableError(error)
    : error;
}
