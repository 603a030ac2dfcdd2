import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SettingsStore } from '../../src/main/agent/ports/settings-store.js';
import { ConfSettingsStore } from '../../src/main/agent/settings/conf-settings-store.js';
import { defaultSettings } from '../../src/main/agent/settings/persisted-settings.js';
import { createElectronSettingsStore } from '../../src/main/electron/electron-settings-store.js';
import { tempDir } from '../support/temp-dir.js';
import { recordingLogger } from './helpers.js';

// electron-store reads Electron's paths on import; conf is what it wraps.
vi.mock('electron', async () => import('../electron/fake-electron.js'));
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(options: Record<string, unknown> & { name?: string }) {
        const { name, ...rest } = options;
        super({ ...rest, configName: name } as ConstructorParameters<typeof Conf>[0]);
      }
    },
  };
});

/**
 * A settings file the agent cannot use is never silently replaced: whatever is wrong with it
 * (not JSON, JSON that is not an object, an object of the wrong shape), it is moved aside with a
 * warning, the defaults load, and the next save leaves the moved file alone.
 */

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

type Factory = (dir: string, logger: ReturnType<typeof recordingLogger>['logger']) => SettingsStore;
const stores: [string, Factory][] = [
  ['headless (conf)', (dir, logger) => new ConfSettingsStore({ dir, logger })],
  ['desktop (electron-store)', (dir, logger) => createElectronSettingsStore({ dir, logger })],
];

describe.each(stores)('%s settings store', (_name, open) => {
  it.each([
    ['an array', '["vnet-London"]'],
    ['null', 'null'],
    ['a string', '"favourites: vnet-London"'],
    ['a number', '42'],
    ['a boolean', 'true'],
    ['an object of the wrong shape', '{"favourites": 42}'],
    ['not JSON at all', '{"favourites": ["half a file'],
  ])('a file holding %s is moved aside with a warning, nothing lost', (_what, contents) => {
    const file = join(tmp.dir, 'settings.json');
    writeFileSync(file, contents);
    const { logger, lines } = recordingLogger();
    const store = open(tmp.dir, logger);
    expect(store.load()).toEqual(defaultSettings());
    const aside = readdirSync(tmp.dir).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toHaveLength(1);
    const movedTo = join(tmp.dir, aside[0] ?? '');
    expect(readFileSync(movedTo, 'utf8')).toBe(contents);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/moved it aside/);

    store.save({ ...defaultSettings(), favourites: ['v-lon'] });
    expect(readFileSync(movedTo, 'utf8')).toBe(contents);
    expect(open(tmp.dir, logger).load().favourites).toEqual(['v-lon']);
  });
});
