/**
 * Error and message codes the control API puts in the envelope's `errors[]` / `messages[]`.
 * Cloudflare publishes no list; the two it is known for (7003, 10000) keep their meaning, the
 * rest are ours (all ≥ 1000, as the envelope schema requires).
 */
export const ErrorCode = {
  /** A bug on the server; the message is generic and the details are in the server log. */
  INTERNAL_ERROR: 1000,
  /** A body, query or path field failed validation; the message names the field. */
  VALIDATION_ERROR: 1001,
  /** The body is not valid JSON (or is empty with a JSON content type). */
  MALFORMED_JSON: 1002,
  /** A rule expression does not parse; the message has the parser's message and position. */
  INVALID_EXPRESSION: 1003,
  /** A rule with an action or filter other than `egress`. */
  EGRESS_POLICIES_ONLY: 1004,
  /** `rule_settings.egress` names an IP the account lacks, or a fallback in the same data center. */
  INVALID_EGRESS_SETTINGS: 1005,
  /** The request would leave the account without a default virtual network. */
  DEFAULT_VNET_REQUIRED: 1006,
  /** The resource is referenced (devices, rules) and cannot be deleted as asked. */
  RESOURCE_IN_USE: 1007,
  /** No such resource (or account) for this token. */
  NOT_FOUND: 1008,
  /** A unique value is taken (vnet name, rule precedence, egress IPv4). */
  CONFLICT: 1009,
  PAYLOAD_TOO_LARGE: 1010,
  UNSUPPORTED_MEDIA_TYPE: 1011,
  /** `/cdn-cgi/trace`: the device's egress is unavailable (primary and fallback down). */
  EGRESS_UNAVAILABLE: 1012,
  /** Client side only: the server answered with something that is not the documented shape. */
  INVALID_RESPONSE: 1013,
  /**
   * The HTTP request itself is malformed before any route sees it: a bad percent-escape in the
   * path, a path segment over 100 characters, unparseable or oversized headers, a timeout.
   */
  MALFORMED_REQUEST: 1014,
  /** The path exists but not with this method (HTTP 405, with an `Allow` header). */
  METHOD_NOT_ALLOWED: 1015,
  /**
   * The server's database does not answer (HTTP 503, `x-should-retry: true`): nothing the
   * client did; the same request can succeed shortly.
   */
  DATABASE_UNAVAILABLE: 1016,
  /** Cloudflare's "No route for the URI". */
  NO_ROUTE: 7003,
  /** Cloudflare's "Authentication error": missing, unknown or insufficient token (401/403). */
  AUTHENTICATION_ERROR: 10000,
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes of informational `messages[]` entries on successful responses. */
export const MessageCode = {
  /** A forced vnet delete moved devices to the default virtual network. */
  DEVICES_MOVED_TO_DEFAULT: 2001,
  /** A forced vnet delete disabled rules whose traffic expression referenced the vnet. */
  RULES_DISABLED: 2002,
  /** A rule was created without `filters`; `["egress"]` was applied. */
  FILTERS_DEFAULTED: 2003,
} as const;

export type MessageCode = (typeof MessageCode)[keyof typeof MessageCode];
