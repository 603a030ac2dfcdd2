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

  /** The device token no longer works and there is no admin token to enrol again with. */
  static deviceRemoved(): AgentFault {
    return new AgentFault(
      'device_removed',
      'the control API no longer knows this device (removed, or its token revoked): enrol it ' +
        'again and set the new device token, or set an admin token, in the settings',
    );
  }
}
