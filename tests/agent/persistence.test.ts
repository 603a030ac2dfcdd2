import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS, DEMO_VNETS } from '../../src/control-api/seed/demo.js';
import { headless, recordingLogger, tempHome } from './helpers.js';

const home = tempHome();
afterAll(() => home.cleanup());

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('persistence across restarts (local simulator)', () => {
  const dataDir = join(home.dir, 'persist');

  it('keeps the device, favourites, recents, location and history; secrets stay private', async () => {
    const first = await headless(dataDir, { localSimulator: true });
    const started = await first.agent.getState();
    expect(started.status).toBe('connected');
    expect(started.control_api.mode).toBe('local_simulator');
    await first.agent.setFavourite({ vnet: 'vnet-Amsterdam', favourite: true });
    await first.agent.setFavourite({ vnet: 'vnet-London', favourite: true });
    await first.agent.switchVnet({ vnet: 'vnet-London' });
    await first.agent.switchVnet({ vnet: 'vnet-Amsterdam' });
    await first.agent.setLocation({ colo: 'IAD' });
    await first.stop();
    await first.stop();

    const secrets = join(first.dirs.config, 'secrets.json');
    expect(modeOf(secrets)).toBe(0o600);
    expect(modeOf(join(first.dirs.config, 'settings.json'))).toBe(0o600);
    expect(JSON.parse(readFileSync(secrets, 'utf8')).device_token).toMatch(/^esd_/);

    const second = await headless(dataDir, { localSimulator: true });
    try {
      const state = await second.agent.getState();
      expect(state.status).toBe('connected');
      expect(state.device?.id).toBe(started.device?.id);
      expect(state.attached_vnet_id).toBe(DEMO_VNETS.amsterdam.id);
      expect(state.egress?.egress.ipv4).toBe(DEMO_EGRESS_IPS.ams.ipv4);
      expect(state.favourites).toEqual([DEMO_VNETS.amsterdam.id, DEMO_VNETS.london.id]);
      expect(state.recents[0]).toBe(DEMO_VNETS.london.id);
      expect(state.location).toMatchObject({ colo: 'IAD', source: 'user' });
      const history = await second.agent.getHistory({});
      expect(history.map((entry) => entry.to.name)).toEqual(['vnet-Amsterdam', 'vnet-London']);
    } finally {
      await second.stop();
    }
  });

  it('moves a corrupt settings file aside with a warning, starts from defaults, and runs', async () => {
    const dir = join(home.dir, 'corrupt');
    const config = join(dir, 'config');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'settings.json'), '{"favourites": ["half a file');
    const { logger, lines } = recordingLogger();
    const h = await headless(dir, { localSimulator: true, logger });
    try {
      const state = await h.agent.getState();
      expect(state.status).toBe('connected');
      expect(state.favourites).toEqual([]);
      const aside = readdirSync(config).filter((name) => name.startsWith('settings.json.corrupt-'));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(config, aside[0] ?? ''), 'utf8')).toBe(
        '{"favourites": ["half a file',
      );
      expect(lines.some((line) => line.level === 40 && /corrupt/.test(line.msg))).toBe(true);
      await h.agent.switchVnet({ vnet: 'vnet-Dublin' });
    } finally {
      await h.stop();
    }
  });

  it('treats valid JSON of the wrong shape as corrupt too', async () => {
    const dir = join(home.dir, 'wrong-shape');
    const config = join(dir, 'config');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'settings.json'), JSON.stringify({ favourites: 42 }));
    const { logger, lines } = recordingLogger();
    const h = await headless(dir, { localSimulator: true, logger });
    try {
      expect((await h.agent.getState()).status).toBe('connected');
      expect(readdirSync(config).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(
        true,
      );
      expect(lines.filter((line) => line.level === 40)).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});
