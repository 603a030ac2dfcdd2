import { describe, expect, it } from 'vitest';
import {
  isRegistrationMissing,
  isSuccess,
  parseRegistration,
  parseStatus,
  parseVnetList,
} from '../../src/main/agent/control-plane/warp/warp-cli-output.js';

const A = 'a1b2c3d4-0000-4000-8000-000000000001';
const B = 'a1b2c3d4-0000-4000-8000-000000000002';

describe('warp-cli output', () => {
  it('reads `--json vnet` and the text form into the same list', () => {
    const json = parseVnetList(
      JSON.stringify({
        active_vnet_id: B,
        virtual_networks: [
          { id: A, name: 'vnet-AMER', description: '', default: true },
          { id: B, name: 'vnet-EMEA', description: 'Europe', default: false },
        ],
      }),
    );
    const text = parseVnetList(
      `Currently selected: ${B}\n  ID: ${A}\n  Name: vnet-AMER\n  Description: \n  Default: true\n\n` +
        `  ID: ${B}\n  Name: vnet-EMEA\n  Description: Europe\n  Default: false\n`,
    );
    expect(json).toEqual(text);
    expect(json?.activeVnetId).toBe(B);
    expect(json?.vnets.map((vnet) => [vnet.name, vnet.default])).toEqual([
      ['vnet-AMER', true],
      ['vnet-EMEA', false],
    ]);
    expect(parseVnetList('Error: something else')).toBeUndefined();
  });

  it('reads status with its reason as an object, a string, or text lines', () => {
    expect(parseStatus('{"status":"Connected"}')).toEqual({ status: 'Connected', reason: null });
    expect(parseStatus('{"status":"Disconnected","reason":{"ManualDisconnect":null}}')).toEqual({
      status: 'Disconnected',
      reason: 'ManualDisconnect',
    });
    expect(
      parseStatus('{"status":"Disconnected","reason":{"RegistrationMissing":"DaemonStartup"}}'),
    ).toEqual({ status: 'Disconnected', reason: 'RegistrationMissing (DaemonStartup)' });
    expect(parseStatus('{"status":"Disconnected","reason":"Manual Disconnection"}')?.reason).toBe(
      'Manual Disconnection',
    );
    expect(parseStatus('Status update: Disconnected\nReason: Manual Disconnection')).toEqual({
      status: 'Disconnected',
      reason: 'Manual Disconnection',
    });
    const missing = parseStatus('Status update: Registration Missing');
    expect(missing && isRegistrationMissing(missing)).toBe(true);
    expect(isRegistrationMissing({ status: 'Connected', reason: null })).toBe(false);
  });

  it('finds the user email in the registration, text or JSON', () => {
    expect(
      parseRegistration('Account type: Team\nDevice ID: d1\nUser email: QA@Example.com\n'),
    ).toMatchObject({ deviceId: 'd1', email: 'qa@example.com' });
    expect(parseRegistration('{"id":"d2","user_email":"u@example.com"}')).toMatchObject({
      deviceId: 'd2',
      email: 'u@example.com',
    });
    expect(parseRegistration('Account type: Free\nDevice ID: d3').email).toBeNull();
  });

  it('only Success is success', () => {
    expect(isSuccess('{"status":"Success"}')).toBe(true);
    expect(isSuccess('Success\n')).toBe(true);
    expect(isSuccess('{"status":"Failure"}')).toBe(false);
    expect(isSuccess('{"code":"MissingRegistration","error":"x"}')).toBe(false);
    expect(isSuccess('')).toBe(false);
  });
});
