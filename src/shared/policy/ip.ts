import ipaddr from 'ipaddr.js';

/**
 * IP addresses as numbers, so matching an address against a set is integer comparison.
 * One shape for both families keeps the evaluation closures monomorphic.
 */
export interface NumericIp {
  readonly family: 4 | 6;
  /** The IPv4 address as an unsigned 32-bit value; 0 for IPv6. */
  readonly v4: number;
  /** The IPv6 address as a 128-bit value; 0n for IPv4. */
  readonly v6: bigint;
}

/** An inclusive range of addresses of one family. */
export interface IpRange {
  readonly family: 4 | 6;
  readonly v4From: number;
  readonly v4To: number;
  readonly v6From: bigint;
  readonly v6To: bigint;
}

export type IpLiteralParse =
  | { ok: true; address: string; prefix?: number }
  | { ok: false; reason: string; hint?: string };

/**
 * A literal as written in an expression: an address, or a CIDR block whose host bits are zero
 * (as wirefilter requires: `10.1.2.3/8` is refused with the network it probably meant).
 */
export function parseIpLiteral(text: string): IpLiteralParse {
  let result = literalCache.get(text);
  if (result === undefined) {
    result = readIpLiteral(text);
    if (literalCache.size >= LITERAL_CACHE_SIZE) literalCache.clear();
    literalCache.set(text, result);
  }
  return result;
}

/** The same blocks recur across the rules of an account; each is read once. */
const literalCache = new Map<string, IpLiteralParse>();
const LITERAL_CACHE_SIZE = 1024;

function readIpLiteral(text: string): IpLiteralParse {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseAddress(addressText);
  if (address === undefined) {
    return { ok: false, reason: `"${addressText}" is not an IPv4 or IPv6 address` };
  }
  const canonical = toText(address);
  if (slash === -1) return { ok: true, address: canonical };
  const prefixText = text.slice(slash + 1);
  const bits = address.family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return {
      ok: false,
      reason: `"/${prefixText}" is not a prefix length for an IPv${address.family} address (0–${bits})`,
    };
  }
  const prefix = Number(prefixText);
  const range = exactRange(address, prefix);
  const network = toText(rangeStart(range));
  if (network !== canonical) {
    return {
      ok: false,
      reason: `${canonical}/${prefix} has host bits set`,
      hint: `${network}/${prefix}`,
    };
  }
  return { ok: true, address: canonical, prefix };
}

/**
 * A fact's address; undefined when it is not a valid IPv4 or IPv6 address. An IPv4-mapped IPv6
 * address (`::ffff:10.1.2.3`, as dual-stack sockets report IPv4 peers) is its IPv4 address.
 */
export function parseFactIp(text: string): NumericIp | undefined {
  const address = parseAddress(text);
  if (address === undefined || address.family === 4 || address.v6 >> 32n !== MAPPED_V4_HIGH) {
    return address;
  }
  return { family: 4, v4: Number(address.v6 & 0xffffffffn), v6: 0n };
}

/** The addresses a literal covers. IPv4-mapped IPv6 ranges become IPv4 ranges, like facts. */
export function rangeOf(address: string, prefix?: number): IpRange {
  const parsed = parseAddress(address);
  if (parsed === undefined) throw new Error(`"${address}" is not an IP address`);
  const range = exactRange(parsed, prefix);
  if (
    range.family === 6 &&
    range.v6From >> 32n === MAPPED_V4_HIGH &&
    range.v6To >> 32n === MAPPED_V4_HIGH
  ) {
    const v4From = Number(range.v6From & 0xffffffffn);
    const v4To = Number(range.v6To & 0xffffffffn);
    return { family: 4, v4From, v4To, v6From: 0n, v6To: 0n };
  }
  return range;
}

const MAPPED_V4_HIGH = 0xffffn;
/** Hex groups and colons, possibly ending in a dotted IPv4 part; no zone id. */
const IPV6_SHAPE = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/;

/**
 * IPv4 is read directly: it runs once per resolve for the destination address, and ipaddr's
 * validators cost microseconds (they parse by throwing and catching). IPv6 goes to ipaddr.
 */
function parseAddress(text: string): NumericIp | undefined {
  const v4 = parseFourPartDecimal(text);
  if (v4 !== undefined) return { family: 4, v4, v6: 0n };
  if (!IPV6_SHAPE.test(text)) return undefined;
  let v6 = v6Cache.get(text);
  if (v6 === undefined) {
    v6 = parseIpv6(text);
    if (v6Cache.size >= V6_CACHE_SIZE) v6Cache.clear();
    v6Cache.set(text, v6);
  }
  return v6 === null ? undefined : { family: 6, v4: 0, v6 };
}

/**
 * ipaddr parses an IPv6 address in microseconds, and the same addresses recur (a literal is
 * read at parse and again at compile; a client asks about the same destination repeatedly).
 */
const v6Cache = new Map<string, bigint | null>();
const V6_CACHE_SIZE = 1024;

function parseIpv6(text: string): bigint | null {
  let parts: number[];
  try {
    parts = ipaddr.IPv6.parse(text).parts;
  } catch {
    return null;
  }
  let v6 = 0n;
  for (const part of parts) v6 = (v6 << 16n) | BigInt(part);
  return v6;
}

/**
 * Four decimal octets of 0–255 without leading zeros: the form ipaddr's isValidFourPartDecimal
 * accepts, refusing legacy spellings such as `10.1` or `0x0a.0.0.1`.
 */
function parseFourPartDecimal(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (code >= 0x30 && code <= 0x39) {
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (code - 0x30);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || dots !== 3) return undefined;
  return value * 256 + octet;
}

/** The block of `prefix` bits holding `address`, in the address's own family. */
function exactRange(address: NumericIp, prefix: number | undefined): IpRange {
  if (address.family === 4) {
    const size = 2 ** (32 - (prefix ?? 32));
    const from = Math.floor(address.v4 / size) * size;
    return { family: 4, v4From: from, v4To: from + size - 1, v6From: 0n, v6To: 0n };
  }
  const hostBits = BigInt(128 - (prefix ?? 128));
  const from = (address.v6 >> hostBits) << hostBits;
  const to = from | ((1n << hostBits) - 1n);
  return { family: 6, v4From: 0, v4To: 0, v6From: from, v6To: to };
}

function rangeStart(range: IpRange): NumericIp {
  return { family: range.family, v4: range.v4From, v6: range.v6From };
}

/** Canonical text: dotted decimal, or RFC 5952 for IPv6. */
function toText(address: NumericIp): string {
  if (address.family === 4) {
    const n = address.v4;
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    parts.push(Number((address.v6 >> shift) & 0xffffn));
  }
  return new ipaddr.IPv6(parts).toRFC5952String();
}
