/**
 * The SOCKS5 front's parser on fixed cases, and fuzzed: arbitrary bytes never throw and always end
 * in "need more", an error with a reply, or a request; on a real listener, arbitrary bytes always
 * get a reply or a close, and the listener keeps serving.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalProxy, startLocalProxy } from '../../src/main/agent/data-plane/proxy/index.js';
import {
  MAX_GREETING_BYTES,
  MAX_REQUEST_BYTES,
  parseGreeting,
  parseRequest,
  SocksReply,
} from '../../src/main/agent/data-plane/proxy/socks5-parser.js';
import { type EchoOrigin, startEchoOrigin } from '../support/data-plane/echo-origin.js';
import { rawExchange, viaHttpProxy } from '../support/data-plane/proxy-clients.js';
import { refuse } from '../support/data-plane/route-fixtures.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('parseGreeting', () => {
  it('needs more until the method list is complete', () => {
    expect(parseGreeting(bytes(5))).toEqual({ kind: 'need' });
    expect(parseGreeting(bytes(5, 2, 0))).toEqual({ kind: 'need' });
    expect(parseGreeting(bytes(5, 2, 2, 0))).toEqual({ kind: 'done', consumed: 4, noAuth: true });
  });

  it('tells a client that offers only username/password apart', () => {
    expect(parseGreeting(bytes(5, 1, 2))).toEqual({ kind: 'done', consumed: 3, noAuth: false });
  });

  it('rejects another version and an empty method list', () => {
    expect(parseGreeting(bytes(4, 1, 0)).kind).toBe('error');
    expect(parseGreeting(bytes(5, 0)).kind).toBe('error');
  });
});

describe('parseRequest', () => {
  it('reads IPv4, domain and IPv6 targets with the port', () => {
    expect(parseRequest(bytes(5, 1, 0, 1, 127, 0, 0, 1, 0x1f, 0x90))).toEqual({
      kind: 'done',
      consumed: 10,
      target: {
        ok: true,
        destination: { host: '127.0.0.1', ip: '127.0.0.1', port: 8080, protocol: 'tcp' },
      },
    });
    const name = Buffer.from('example.com');
    expect(parseRequest(Uint8Array.from([5, 1, 0, 3, name.length, ...name, 1, 187]))).toEqual({
      kind: 'done',
      consumed: 7 + name.length,
      target: { ok: true, destination: { host: 'example.com', port: 443, protocol: 'tcp' } },
    });
    const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(parseRequest(Uint8Array.from([5, 1, 0, 4, ...v6, 0, 80]))).toMatchObject({
      kind: 'done',
      target: { ok: true, destination: { host: '2001:db8::1', ip: '2001:db8::1', port: 80 } },
    });
  });

  it('answers BIND/UDP with 0x07 and unknown address types with 0x08', () => {
    expect(parseRequest(bytes(5, 2, 0, 1, 1, 2, 3, 4, 0, 80))).toMatchObject({
      kind: 'error',
      reply: SocksReply.commandNotSupported,
    });
    expect(parseRequest(bytes(5, 1, 0, 9, 1, 2))).toMatchObject({
      kind: 'error',
      reply: SocksReply.addressTypeNotSupported,
    });
  });

  it('parses an invalid host or port 0 to a refusal with the reason, not a crash', () => {
    const bad = Buffer.from('exa mple');
    expect(parseRequest(Uint8Array.from([5, 1, 0, 3, bad.length, ...bad, 0, 80]))).toMatchObject({
      kind: 'done',
      target: { ok: false, reason: expect.stringContaining('not a valid host name') },
    });
    expect(parseRequest(bytes(5, 1, 0, 1, 1, 2, 3, 4, 0, 0))).toMatchObject({
      kind: 'done',
      target: { ok: false, reason: 'port 0 is not between 1 and 65535' },
    });
    expect(parseRequest(bytes(5, 1, 0, 3, 0, 0, 80))).toMatchObject({ target: { ok: false } });
  });

  it('never throws, and a result never claims more bytes than it was given (fuzzed)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (input) => {
        const greeting = parseGreeting(input);
        if (greeting.kind === 'done') expect(greeting.consumed).toBeLessThanOrEqual(input.length);
        if (greeting.kind === 'need') expect(input.length).toBeLessThanOrEqual(MAX_GREETING_BYTES);
        const request = parseRequest(input);
        if (request.kind === 'done') expect(request.consumed).toBeLessThanOrEqual(input.length);
        if (request.kind === 'need') expect(input.length).toBeLessThan(MAX_REQUEST_BYTES);
      }),
      { numRuns: 5_000 },
    );
  });

  it('a well-formed request with any domain bytes parses to a target or a reason (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 255 }),
        fc.integer({ min: 0, max: 65535 }),
        (name, port) => {
          const result = parseRequest(
            Uint8Array.from([5, 1, 0, 3, name.length, ...name, port >> 8, port & 0xff]),
          );
          expect(result.kind).toBe('done');
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('the SOCKS5 front on a real listener, fuzzed', () => {
  let proxy: LocalProxy;
  let origin: EchoOrigin;
  beforeAll(async () => {
    origin = await startEchoOrigin();
    // Refuse everything: a fuzzed request that happens to be well-formed must not dial anywhere.
    proxy = await startLocalProxy({ port: 0, route: () => refuse('fuzzing') });
  });
  afterAll(async () => {
    await proxy?.close();
    await origin?.close();
  });

  it('any bytes after the SOCKS5 version byte get a reply or a close, and cost nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (tail) => {
        // Half-closed after the bytes: the front must answer or close, never wait forever.
        const answer = await rawExchange(proxy.port, Buffer.from([5, ...tail]));
        if (answer.length > 0) expect(answer[0]).toBe(5);
      }),
      { numRuns: 150 },
    );
    // None may be left open, and the listener still answers.
    await expect.poll(() => proxy.counters().open_sockets).toBe(0);
    const answer = await viaHttpProxy(proxy.port, origin.url('/whoami'));
    expect(answer.status).toBe(502);
    expect(answer.body.toString()).toContain('fuzzing');
  });
});
