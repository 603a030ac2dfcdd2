/**
 * A resolve context the resolver cannot work with (an unknown colo, coordinates off the globe).
 * The control API validates contexts first; this is the last line, with a message a person can
 * act on, and maps to a 400.
 */
export class InvalidResolveContextError extends Error {
  override readonly name = 'InvalidResolveContextError';
}
