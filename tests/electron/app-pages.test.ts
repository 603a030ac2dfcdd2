import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  appResponseHeaders,
  appUrlToFile,
  contentSecurityPolicy,
} from '../../src/main/electron/app-pages.js';
import { appPaths, devServerUrl } from '../../src/main/electron/app-paths.js';
import { appUrlMatcher } from '../../src/main/electron/ipc-guard.js';
import { navigationAllowed, permissionAllowed } from '../../src/main/electron/security-policy.js';

const ROOT = resolve('/opt/egress/out/renderer');

describe('appUrlToFile', () => {
  it('maps app URLs to files under the renderer root', () => {
    expect(appUrlToFile(APP_ENTRY_URL, ROOT)).toBe(join(ROOT, 'index.html'));
    expect(appUrlToFile('app://egress/', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(appUrlToFile('app://egress/assets/index-abc.js?v=1#x', ROOT)).toBe(
      join(ROOT, 'assets/index-abc.js'),
    );
    expect(appUrlToFile('app://egress/assets/a%20b.css', ROOT)).toBe(join(ROOT, 'assets/a b.css'));
  });

  it('refuses escapes, other hosts, odd encodings and unknown types', () => {
    for (const url of [
      'app://egress/assets/..%2f..%2f..%2fsecret.json',
      'app://egress/assets/%00.js',
      'app://egress/%E0%A4%A.js',
      'app://other/index.html',
      'file:///opt/egress/out/renderer/index.html',
      'app://egress/settings.db',
      'app://egress/assets',
      'nonsense',
    ]) {
      expect(appUrlToFile(url, ROOT), url).toBeNull();
    }
    // The URL parser already removes plain dot segments: what remains stays under the root.
    expect(appUrlToFile('app://egress/../../etc/passwd.txt', ROOT)).toBe(
      join(ROOT, 'etc/passwd.txt'),
    );
    expect(appUrlToFile('app://egress/%2e%2e/%2e%2e/etc/passwd.txt', ROOT)).toBe(
      join(ROOT, 'etc/passwd.txt'),
    );
  });
});

describe('contentSecurityPolicy', () => {
  it('is strict for the packaged app: own scripts only, no network, no framing', () => {
    const csp = contentSecurityPolicy();
    const directives = new Map(
      csp.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]),
    );
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(csp).not.toContain('unsafe');
  });

  it('lets the dev server run its HMR client, and nothing else', () => {
    const csp = contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' });
    expect(csp).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(csp).toContain("script-src 'self' 'unsafe-inline' http://localhost:5173");
  });

  it('goes out with every app response, with the right type', () => {
    const headers = appResponseHeaders('/x/index.html', 'default-src none');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(headers['Content-Security-Policy']).toBe('default-src none');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(appResponseHeaders('/x/a.js', '')['Content-Type']).toMatch(/^text\/javascript/);
  });
});

describe('security policy', () => {
  const isApp = appUrlMatcher(APP_ENTRY_URL);
  it('grants only clipboard writes, only to the app', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'app://egress/index.html', isApp)).toBe(
      true,
    );
    expect(permissionAllowed('clipboard-sanitized-write', 'app://egress', isApp)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example', isApp)).toBe(
      false,
    );
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ]) {
      expect(permissionAllowed(permission, 'app://egress/index.html', isApp)).toBe(false);
    }
  });

  it('never navigates away from the app', () => {
    expect(navigationAllowed('app://egress/index.html#history', isApp)).toBe(true);
    expect(navigationAllowed('https://example.com/', isApp)).toBe(false);
    expect(navigationAllowed('file:///etc/passwd', isApp)).toBe(false);
  });
});

describe('app paths', () => {
  it('finds the built pieces next to the bundled main', () => {
    const paths = appPaths({ mainDir: '/app/out/main', appPath: '/app', env: {}, packaged: true });
    expect(paths).toEqual({
      preload: '/app/out/preload/index.cjs',
      rendererRoot: '/app/out/renderer',
      simulatorModule: '/app/out/main/simulator.js',
      assets: '/app/assets',
      entryUrl: APP_ENTRY_URL,
      devServerOrigin: undefined,
    });
  });

  it('uses the dev server only unpackaged and only on loopback', () => {
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe(
      'http://localhost:5173/',
    );
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBeUndefined();
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'https://evil.example' }, false)).toBeUndefined();
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'not a url' }, false)).toBeUndefined();
    const dev = appPaths({
      mainDir: '/app/out/main',
      appPath: '/app',
      env: { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' },
      packaged: false,
    });
    expect(dev.entryUrl).toBe('http://127.0.0.1:5173/');
    expect(dev.devServerOrigin).toBe('http://127.0.0.1:5173');
  });
});
