/**
 * What the app's web content may do beyond rendering, as pure decisions. Default: nothing.
 */

/**
 * The one permission the popover uses: writing to the clipboard ("copy IPv4"), and only from
 * the app's own page. Camera, notifications from the page, geolocation, … are all refused.
 */
export function permissionAllowed(
  permission: string,
  requestingUrl: string,
  isAppUrl: (url: string) => boolean,
): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

/** The popover never leaves its page: any navigation elsewhere is refused. */
export function navigationAllowed(url: string, isAppUrl: (url: string) => boolean): boolean {
  return isAppUrl(url);
}
