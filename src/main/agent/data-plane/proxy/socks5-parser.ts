/**
 * SOCKS5 (RFC 1928) server-side parsing of the two client messages we accept: the method
 * greeting and a CONNECT request. Pure functions over the bytes received so far, so that any
 * input (fuzzed in tests) ends in "need more", an error with the reply code to send, or a result.
 */
import ipaddr from 'ipaddr.js';
import { type DestinationResult, makeDestination } from './destination.js';

export const SOCKS_VERSION = 0x05;
export const NO_AUTH = 0x00;
export const NO_ACCEPTABLE_METHOD = 0xff;

/** Reply codes (RFC 1928 §6) this proxy sends. */
export const SocksReply = {
  succeeded: 0x00,
  generalFailure: 0x01,
  notAllowed: 0x02,
  networkUnreachable: 0x03,
  hostUnreachable: 0x04,
  connectionRefused: 0x05,
  commandNotSupported: 0x07,
  addressTypeNotSupported: 0x08,
} as const;

/** A complete greeting is at most 2 + 255 bytes and a request at most 4 + 1 + 255 + 2. */
export const MAX_GREETING_BYTES = 257;
export const MAX_REQUEST_BYTES = 262;

export type GreetingResult =
  | { kind: 'need' }
  | { kind: 'error'; reason: string }
  | { kind: 'done'; consumed: number; noAuth: boolean };

export function parseGreeting(bytes: Uint8Array): GreetingResult {
  if (bytes.length < 2) return { kind: 'need' };
  if (bytes[0] !== SOCKS_VERSION) {
    return { kind: 'error', reason: `SOCKS version ${bytes[0]} is not supported (only 5)` };
  }
  const count = bytes[1] ?? 0;
  if (count === 0) return { kind: 'error', reason: 'the SOCKS5 greeting offers no method' };
  if (bytes.length < 2 + count) return { kind: 'need' };
  const methods = bytes.subarray(2, 2 + count);
  return { kind: 'done', consumed: 2 + count, noAuth: methods.includes(NO_AUTH) };
}

export type RequestResult =
  | { kind: 'need' }
  | { kind: 'error'; reply: number; reason: string }
  | { kind: 'done'; consumed: number; target: DestinationResult };

const ATYP_IPV4 = 0x01;
const ATYP_DOMAIN = 0x03;
const ATYP_IPV6 = 0x04;
const CMD_CONNECT = 0x01;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseRequest(bytes: Uint8Array): RequestResult {
  if (bytes.length < 4) return { kind: 'need' };
  if (bytes[0] !== SOCKS_VERSION) {
    return {
      kind: 'error',
      reply: SocksReply.generalFailure,
      reason: `SOCKS request version ${bytes[0]} is not 5`,
    };
  }
  const command = bytes[1];
  if (command !== CMD_CONNECT) {
    return {
      kind: 'error',
      reply: SocksReply.commandNotSupported,
      reason: `SOCKS command ${command} is not supported (only CONNECT)`,
    };
  }
  const type = bytes[3];
  let start = 4;
  let length: number;
  if (type === ATYP_IPV4) length = 4;
  else if (type === ATYP_IPV6) length = 16;
  else if (type === ATYP_DOMAIN) {
    if (bytes.length < 5) return { kind: 'need' };
    length = bytes[4] ?? 0;
    start = 5;
  } else {
    return {
      kind: 'error',
      reply: SocksReply.addressTypeNotSupported,
      reason: `SOCKS address type ${type} is not supported`,
    };
  }
  const end = start + length + 2;
  if (bytes.length < end) return { kind: 'need' };
  const address = bytes.subarray(start, start + length);
  const port = ((bytes[end - 2] ?? 0) << 8) | (bytes[end - 1] ?? 0);
  let host: string;
  if (type === ATYP_DOMAIN) {
    try {
      host = utf8.decode(address);
    } catch {
      return {
        kind: 'done',
        consumed: end,
        target: { ok: false, reason: 'the host name is not UTF-8' },
      };
    }
  } else {
    host = ipaddr.fromByteArray([...address]).toString();
  }
  return { kind: 'done', consumed: end, target: makeDestination(host, port) };
}

/** A reply with an all-zero IPv4 bound address: clients of a CONNECT proxy do not use it. */
export function socksReply(code: number): Buffer {
  return Buffer.from([SOCKS_VERSION, code, 0x00, ATYP_IPV4, 0, 0, 0, 0, 0, 0]);
}
