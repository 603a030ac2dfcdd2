import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EGRESS_IPS } from '../../src/control-api/seed/demo.js';
import {
  aliasCommand,
  canBind,
  loopbackGatewayNotice,
} from '../../src/control-api/seed/loopback-aliases.js';
import { Store } from '../../src/control-api/store/store.js';
import { startTestApi, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('loopback gateway addresses the machine lacks', () => {
  it('are named with the one command that adds them (macOS: ifconfig lo0 alias)', async () => {
    const t = await startTestApi(tmp.dir, { file: 'demo.db' });
    await t.api.close();
    const store = await Store.open(t.dbFile);
    try {
      // As on macOS before any alias: only 127.0.0.1 answers.
      const onlyOne = async (address: string) => address === '127.0.0.1';
      const notice = await loopbackGatewayNotice(store, 'darwin', onlyOne);
      expect(notice).toContain(`127.0.0.10 (${DEMO_EGRESS_IPS.lhr.ipv4} (LHR))`);
      expect(notice).toContain(
        'sudo ifconfig lo0 alias 127.0.0.10 up && sudo ifconfig lo0 alias 127.0.0.11 up && ' +
          'sudo ifconfig lo0 alias 127.0.0.20 up && sudo ifconfig lo0 alias 127.0.0.30 up && ' +
          'sudo ifconfig lo0 alias 127.0.0.40 up',
      );
      const oneMissing = async (address: string) => address !== '127.0.0.20';
      expect(await loopbackGatewayNotice(store, 'darwin', oneMissing)).toBe(
        `this machine lacks the loopback source address 127.0.0.20 (${DEMO_EGRESS_IPS.ams.ipv4} ` +
          '(AMS)): an agent here cannot send traffic through that egress IP (its connections ' +
          'fail, saying so). Add it with: sudo ifconfig lo0 alias 127.0.0.20 up',
      );
      expect(await loopbackGatewayNotice(store, 'darwin', async () => true)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('is observed by binding: 127.0.0.1 always, a non-local address never', async () => {
    expect(await canBind('127.0.0.1')).toBe(true);
    // TEST-NET-2 is never an address of this machine.
    expect(await canBind('198.51.100.77')).toBe(false);
    if (process.platform === 'linux') expect(await canBind('127.0.0.10')).toBe(true);
  });

  it('has a command for Linux, none for Windows (its loopback answers all of 127/8)', () => {
    expect(aliasCommand(['127.0.0.10'], 'linux')).toBe('sudo ip address add 127.0.0.10/8 dev lo');
    expect(aliasCommand(['127.0.0.10'], 'win32')).toBeUndefined();
  });
});
