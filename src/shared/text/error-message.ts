/**
 * What a thrown value says, for a log line or a message: an Error's own message, anything else
 * as text (a rejected string, a number). One definition, so every front words a throw alike.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
