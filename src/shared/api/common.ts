import ipaddr from 'ipaddr.js';
import * as z from 'zod';

/*
 * Control characters (C0, DEL, C1) are refused in every string a client sends: a NUL passes a
 * uniqueness check on the whole string yet reads back cut short (two live "vnet-London"), and an
 * escape sequence rewrites the terminal that prints it. Refused, not stripped, so what is stored
 * is exactly what was validated. The request-strings test proves every request field uses these.
 */
const CONTROL_MESSAGE = 'must not contain control characters (NUL, line breaks, escapes…)';
const MULTI_LINE_MESSAGE = 'must not contain control characters other than tab and line breaks';

/** A single-line string: no control character at all. Base of every request string. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match (and refuse) them
export const PlainText = z.string().regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, CONTROL_MESSAGE);

/** Free text that may span lines (rule descriptions, expressions): tab, LF and CR only. */
export const MultiLineText = z
  .string()
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match (and refuse) them
  .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/, MULTI_LINE_MESSAGE);

/** ISO-8601 UTC timestamp as Cloudflare writes them. */
export const Timestamp = z.string().describe('ISO-8601 timestamp (UTC)');

/** Resource ids are UUIDs; path lookups of anything else simply find nothing. */
export const ResourceId = PlainText.min(1).max(64);

/** A three-letter IATA data-center code (`LHR`); lower case is accepted and upper-cased. */
export const ColoCode = PlainText.trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'expected a three-letter data-center (IATA) code such as "LHR"');

/** A dotted-quad IPv4 address (ipaddr.js's strict four-part form: no octal, no shorthand). */
export const Ipv4Address = z
  .string()
  .refine((value) => ipaddr.IPv4.isValidFourPartDecimal(value), {
    message: 'expected an IPv4 address such as "192.0.2.10"',
  })
  .meta({ format: 'ipv4' });

/** An IPv6 range in CIDR notation (`2001:db8:10::/48`). */
export const Ipv6Cidr = z
  .string()
  .refine(
    (value) => {
      if (!ipaddr.IPv6.isValidCIDR(value)) return false;
      return ipaddr.parseCIDR(value)[0].kind() === 'ipv6';
    },
    { message: 'expected an IPv6 range in CIDR notation such as "2001:db8:10::/48"' },
  )
  .meta({ format: 'cidrv6' });

/** Either IP family, one address (destinations in what-if contexts). */
export const IpAddress = PlainText.refine((value) => ipaddr.isValid(value), {
  message: 'expected an IPv4 or IPv6 address',
});

/** A physical location: a data center's code or a point. */
export const Location = z.union([
  z.strictObject({ colo: ColoCode }),
  z.strictObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  }),
]);
export type Location = z.infer<typeof Location>;

/** `true`/`false` in a query string (also `1`/`0`, `yes`/`no`). */
export const QueryBoolean = PlainText.pipe(z.stringbool());

/** `page` and `per_page`, as Cloudflare's list endpoints take them. */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).optional(),
  per_page: z.coerce.number().int().min(1).max(1000).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** Emails are case-insensitive in practice; the API stores and compares them lower-cased. */
export const Email = z.email().max(320).toLowerCase();
