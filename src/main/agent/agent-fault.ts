/**
 * Something only the user can fix (a refused token, a device removed on the server with no way
 * to enrol again): the agent shows status `error` with this code and message instead of
 * retrying forever.
 */
export class AgentFault extends Error {
  override readonly name = 'AgentFault';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
