import type { ExpressionKind } from './types.js';

/** The type of one value of a field; list fields hold several values of this type. */
export type ValueType = 'string' | 'ip' | 'int';

export interface FieldSpec {
  readonly name: string;
  readonly type: ValueType;
  /** A list field is used through `any(field[*] …)`. */
  readonly list: boolean;
  readonly kinds: readonly ExpressionKind[];
  /**
   * Host names and email addresses compare case-insensitively: DNS names are case-insensitive
   * (RFC 4343), mail providers treat the local part case-insensitively in practice, and
   * Cloudflare lowercases both before policy evaluation. Everything else is case-sensitive.
   */
  readonly caseInsensitive: boolean;
  /** A host name: a trailing dot is dropped before comparing (`example.com.` is `example.com`). */
  readonly hostName: boolean;
  /** Inclusive bounds of an integer field. */
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

const traffic = ['traffic'] as const;
const identity = ['identity'] as const;
const posture = ['device_posture'] as const;

function field(
  name: string,
  type: ValueType,
  kinds: readonly ExpressionKind[],
  description: string,
  options: Partial<Pick<FieldSpec, 'list' | 'caseInsensitive' | 'hostName' | 'min' | 'max'>> = {},
): FieldSpec {
  return {
    name,
    type,
    kinds,
    description,
    list: options.list ?? false,
    caseInsensitive: options.caseInsensitive ?? false,
    hostName: options.hostName ?? false,
    ...(options.min === undefined ? {} : { min: options.min }),
    ...(options.max === undefined ? {} : { max: options.max }),
  };
}

const port = { min: 0, max: 65535 };
const host = { caseInsensitive: true, hostName: true };

/** Every field an egress policy may use, in the order documentation lists them. */
export const FIELDS: readonly FieldSpec[] = [
  field('net.vnet_id', 'string', traffic, 'The virtual network the device is attached to.'),
  field('net.src.ip', 'ip', traffic, 'Source IP address (IPv4 or IPv6).'),
  field('net.src.port', 'int', traffic, 'Source port (0–65535).', port),
  field('net.dst.ip', 'ip', traffic, 'Destination IP address (IPv4 or IPv6).'),
  field('net.dst.port', 'int', traffic, 'Destination port (0–65535).', port),
  field('net.protocol', 'string', traffic, 'Transport protocol, e.g. "tcp" or "udp".'),
  field('net.src.geo.country', 'string', traffic, 'Source country, ISO 3166-1 alpha-2.'),
  field('net.src.geo.continent', 'string', traffic, 'Source continent code, e.g. "EU".'),
  field('net.dst.geo.country', 'string', traffic, 'Destination country, ISO 3166-1 alpha-2.'),
  field('net.dst.geo.continent', 'string', traffic, 'Destination continent code, e.g. "NA".'),
  field('net.fqdn', 'string', traffic, 'Destination host name (case-insensitive).', host),
  field(
    'net.fqdn.domains',
    'string',
    traffic,
    'The destination host and each parent domain (a.b.example.com, b.example.com, example.com, com).',
    { ...host, list: true },
  ),
  field('identity.email', 'string', identity, 'The user’s email (case-insensitive).', {
    caseInsensitive: true,
  }),
  field('identity.name', 'string', identity, 'The user’s name.'),
  field('identity.groups.name', 'string', identity, 'Names of the user’s groups.', {
    list: true,
  }),
  field(
    'identity.groups.email',
    'string',
    identity,
    'Email addresses of the user’s groups (case-insensitive).',
    { list: true, caseInsensitive: true },
  ),
  field('device_posture.checks.passed', 'string', posture, 'Ids of the posture checks passed.', {
    list: true,
  }),
];

const byName = new Map(FIELDS.map((spec) => [spec.name, spec]));

export function findField(name: string): FieldSpec | undefined {
  return byName.get(name);
}

/** How a field's type reads in a message: "a string field", "a list of IP addresses". */
export function describeFieldType(spec: FieldSpec): string {
  if (spec.list) return `a list of ${pluralTypeName(spec.type)}`;
  return `${spec.type === 'int' ? 'an integer' : spec.type === 'ip' ? 'an IP' : 'a string'} field`;
}

function pluralTypeName(type: ValueType): string {
  return type === 'int' ? 'integers' : type === 'ip' ? 'IP addresses' : 'strings';
}

/** The public, documentation-facing view of a field's type. */
export function publicTypeName(spec: FieldSpec): string {
  const single = spec.type === 'int' ? 'integer' : spec.type;
  return spec.list ? `list of ${single}` : single;
}
