import { extname, relative, resolve, sep } from 'node:path';

/**
 * The popover is served from a privileged `app://egress/` scheme rather than `file://`: it has
 * a real origin (so `'self'` in the CSP means the app and nothing else on disk), and every
 * response carries our headers. These are the pure parts: URL → file, content types, the CSP.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'egress';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string | null {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? null;
}

/**
 * The file under `root` an `app://egress/…` URL names, or null when the URL is for another host,
 * escapes the root (`..`, encoded or not), or names a type we do not serve.
 */
export function appUrlToFile(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const wanted = pathname === '/' || pathname === '' ? '/index.html' : pathname;
  const base = resolve(root);
  const file = resolve(base, `.${wanted}`);
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith('..') || inside.split(sep).includes('..')) return null;
  return contentTypeFor(file) ? file : null;
}

/**
 * The popover's CSP. It never talks to the network (everything goes through the preload), so
 * `connect-src 'none'`. The dev server needs its inline React-refresh preamble and HMR socket.
 */
export function contentSecurityPolicy(
  options: { devServerOrigin?: string | undefined } = {},
): string {
  const dev = options.devServerOrigin;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: Record<string, string> = {
    'default-src': "'none'",
    'script-src': dev ? `'self' 'unsafe-inline' ${dev}` : "'self'",
    'style-src': dev ? `'self' 'unsafe-inline' ${dev}` : "'self'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': dev ? `'self' ${dev} ${devSocket}` : "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
    'object-src': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** Headers every app page and asset is served with. */
export function appResponseHeaders(file: string, csp: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(file) ?? 'application/octet-stream',
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}
