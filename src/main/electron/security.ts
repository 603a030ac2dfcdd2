import { readFile } from 'node:fs/promises';
import { type App, protocol, type Session } from 'electron';
import { APP_SCHEME, appResponseHeaders, appUrlToFile } from './app-pages.js';
import { navigationAllowed, permissionAllowed } from './security-policy.js';

/**
 * Electron hardening, applied once: the app scheme, CSP on every app response, permissions,
 * navigation and new windows. Window-level settings (sandbox, contextIsolation, …) are in
 * popover-window.ts; the rules themselves are pure (security-policy.ts, app-pages.ts).
 */

/** Must run before `app` is ready: privileged schemes are fixed at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        codeCache: true,
      },
    },
  ]);
}

/** Serves the built renderer from `root` on `app://egress/`, with the CSP on every response. */
export function serveAppPages(session: Session, root: string, csp: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = appUrlToFile(request.url, root);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: appResponseHeaders(file, csp) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** The dev server's pages get the same CSP as the packaged ones (its own headers do not). */
export function applyCspToDevServer(session: Session, devOrigin: string, csp: string): void {
  session.webRequest.onHeadersReceived({ urls: [`${devOrigin}/*`] }, (details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
    });
  });
}

export function denyPermissions(session: Session, isAppUrl: (url: string) => boolean): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(
      permissionAllowed(permission, details.requestingUrl ?? webContents.getURL(), isAppUrl),
    );
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin, isAppUrl),
  );
}

/** For every WebContents ever created: no navigation away, no new windows, no webviews. */
export function hardenWebContents(app: App, isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!navigationAllowed(event.url, isAppUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!navigationAllowed(event.url, isAppUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
