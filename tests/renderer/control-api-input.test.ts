import { describe, expect, it } from 'vitest';
import { checkRemoteInput } from '../../src/renderer/lib/control-api-input.js';

describe('checkRemoteInput', () => {
  it('accepts an http(s) address and a token, trimmed', () => {
    expect(checkRemoteInput(' https://egress.example.com/client/v4 ', ' tok ')).toEqual({
      ok: true,
      url: 'https://egress.example.com/client/v4',
      token: 'tok',
    });
    expect(checkRemoteInput('http://127.0.0.1:8787', 't')).toMatchObject({ ok: true });
  });

  it('points at the field to fix, address first', () => {
    expect(checkRemoteInput('', '')).toMatchObject({ ok: false, field: 'url' });
    expect(checkRemoteInput('egress.example.com', 't')).toMatchObject({
      ok: false,
      field: 'url',
      error: expect.stringMatching(/not an address/),
    });
    expect(checkRemoteInput('ftp://egress.example.com', 't')).toMatchObject({
      ok: false,
      field: 'url',
      error: expect.stringMatching(/https:\/\//),
    });
    expect(checkRemoteInput('https://egress.example.com', '  ')).toMatchObject({
      ok: false,
      field: 'token',
    });
  });
});
