import * as z from 'zod';
import type { FetchLike } from '../../../../shared/api/index.js';
import { errorMessage } from '../../../../shared/text/error-message.js';

/**
 * The two reads of the real Cloudflare API this backend makes, and no other (facts §5a):
 * `teamnet/virtual_networks` (Cloudflare One Networks Read or Cloudflare Tunnel Read) and
 * `gateway/rules` (Zero Trust Read). Schemas are loose: real accounts carry fields (and rule
 * kinds) this app does not model, and the envelope's tolerated variants (facts §1).
 */

export const DEFAULT_CLOUDFLARE_API_URL = 'https://api.cloudflare.com/client/v4';

const ApiVnet = z.object({
  id: z.string(),
  name: z.string(),
  comment: z.string().nullable().optional(),
  is_default_network: z.boolean().optional(),
  deleted_at: z.string().nullable().optional(),
});
export type ApiVnet = z.infer<typeof ApiVnet>;

const EgressSettings = z.object({
  ipv4: z.string().nullable().optional(),
  ipv6: z.string().nullable().optional(),
  ipv4_fallback: z.string().nullable().optional(),
});

const ApiRule = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  precedence: z.number(),
  enabled: z.boolean(),
  action: z.string(),
  filters: z.array(z.string()).nullable().optional(),
  traffic: z.string().nullable().optional(),
  identity: z.string().nullable().optional(),
  device_posture: z.string().nullable().optional(),
  rule_settings: z
    .object({ egress: EgressSettings.nullable().optional() })
    .loose()
    .nullable()
    .optional(),
  deleted_at: z.string().nullable().optional(),
});
export type ApiRule = z.infer<typeof ApiRule>;

const ApiMessage = z.union([
  z.object({ code: z.number(), message: z.string() }).loose(),
  z.string().transform((message) => ({ code: 0, message })),
]);

const Envelope = z.object({
  success: z.boolean(),
  errors: z.array(ApiMessage).nullable().optional(),
  result: z.unknown(),
});

/** Cloudflare answered with an error envelope (or something that is not the API). */
export class CloudflareApiError extends Error {
  override readonly name = 'CloudflareApiError';
  readonly status: number;
  readonly errors: readonly { code: number; message: string }[];
  readonly path: string;

  constructor(status: number, path: string, errors: { code: number; message: string }[]) {
    const first = errors[0];
    const said = first ? errors.map((e) => `${e.code} ${e.message}`).join('; ') : `HTTP ${status}`;
    super(`the Cloudflare API refused GET ${path} (HTTP ${status}: ${said})`);
    this.status = status;
    this.path = path;
    this.errors = errors;
  }

  /** A token without the permission the read needs (or a bad token): only the user can fix it. */
  get refusedToken(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** Nothing (usable) answered: down, slow, or a 5xx. Worth retrying with backoff. */
export class CloudflareUnreachableError extends Error {
  override readonly name = 'CloudflareUnreachableError';
}

export interface CloudflareApiOptions {
  /** Default DEFAULT_CLOUDFLARE_API_URL; our control API's `/client/v4` in tests. */
  baseUrl: string;
  accountId: string;
  token: string;
  fetch?: FetchLike | undefined;
  timeoutMs?: number | undefined;
}

export class CloudflareApi {
  readonly #o: CloudflareApiOptions;
  readonly #base: string;

  constructor(options: CloudflareApiOptions) {
    this.#o = options;
    this.#base = options.baseUrl.replace(/\/+$/, '');
  }

  /** Live (not deleted) virtual networks. */
  async listVirtualNetworks(): Promise<ApiVnet[]> {
    const result = await this.#get('teamnet/virtual_networks?is_deleted=false');
    return z
      .array(ApiVnet)
      .parse(result)
      .filter((vnet) => !vnet.deleted_at);
  }

  /** Every Gateway rule the token can read; the caller keeps the egress ones. */
  async listGatewayRules(): Promise<ApiRule[]> {
    const result = await this.#get('gateway/rules');
    return z
      .array(ApiRule)
      .parse(result)
      .filter((rule) => !rule.deleted_at);
  }

  async #get(relative: string): Promise<unknown> {
    const path = `/accounts/${encodeURIComponent(this.#o.accountId)}/${relative}`;
    const url = this.#base + path;
    const fetchImpl = this.#o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${this.#o.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      const why = errorMessage(error);
      throw new CloudflareUnreachableError(
        `the Cloudflare API at ${this.#base} is unreachable (${why})`,
      );
    }
    if (response.status >= 500) {
      throw new CloudflareUnreachableError(
        `the Cloudflare API at ${this.#base} answered HTTP ${response.status}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CloudflareApiError(response.status, path, [
        { code: 0, message: `not the Cloudflare API (not JSON): ${text.slice(0, 120)}` },
      ]);
    }
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) {
      throw new CloudflareApiError(response.status, path, [
        { code: 0, message: 'not a Cloudflare API envelope' },
      ]);
    }
    if (!response.ok || !envelope.data.success) {
      throw new CloudflareApiError(response.status, path, envelope.data.errors ?? []);
    }
    return envelope.data.result;
  }
}
