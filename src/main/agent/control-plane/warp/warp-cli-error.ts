/** Why warp-cli could not do what was asked; each kind has its own advice for the user. */
export type WarpCliFailure =
  | 'not_installed'
  | 'daemon_down'
  | 'tos_not_accepted'
  | 'not_registered'
  | 'not_connected'
  | 'vnet_not_allowed'
  | 'refused'
  | 'timeout';

/** A warp-cli failure with a message people can act on (what warp-cli said included). */
export class WarpCliError extends Error {
  override readonly name = 'WarpCliError';
  readonly failure: WarpCliFailure;

  constructor(failure: WarpCliFailure, message: string) {
    super(message);
    this.failure = failure;
  }
}

/** The daemon's, ToS and registration answers are recognised by their documented wording. */
export function classifyWarpOutput(args: readonly string[], said: string): WarpCliError {
  const text = said.trim() || '(no output)';
  const command = `warp-cli ${args.join(' ')}`;
  if (/unable to connect to the cloudflarewarp daemon/i.test(text)) {
    return new WarpCliError(
      'daemon_down',
      `Unable to connect to the CloudflareWARP daemon: the WARP service is not running ` +
        `(start Cloudflare WARP, e.g. \`sudo systemctl start warp-svc\` on Linux). ` +
        `${command} said: ${oneLine(text)}`,
    );
  }
  if (/terms of service/i.test(text)) {
    return new WarpCliError(
      'tos_not_accepted',
      `the WARP Terms of Service are not accepted on this machine: open the WARP client once, ` +
        `or run \`warp-cli --accept-tos status\` in a terminal. ${command} said: ${oneLine(text)}`,
    );
  }
  if (/missing\s*registration|registration\s*missing|missingregistration/i.test(text)) {
    return new WarpCliError(
      'not_registered',
      `this device is not registered with Cloudflare Zero Trust: sign in from the WARP client ` +
        `(or \`warp-cli registration new <team>\`). ${command} said: ${oneLine(text)}`,
    );
  }
  return new WarpCliError('refused', `${command} did not succeed: ${oneLine(text)}`);
}

export function oneLine(text: string): string {
  return text.trim().replace(/\s*\r?\n\s*/g, ' / ');
}
