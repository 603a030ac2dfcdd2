import type { z } from 'zod';
import { describeZodIssues } from '../text/zod-issues.js';
import { Account, HealthStatus } from './account.js';
import { ControlApiError, ControlApiUnreachableError } from './client-errors.js';
import type { Location } from './common.js';
import { Device, type DevicePatch, EnrolledDevice } from './device.js';
import { DeviceConfig } from './device-config.js';
import { EgressIp, type EgressIpPatch, type EgressIpStatusInput } from './egress-ip.js';
import { envelopeOf, LooseErrorEnvelope, listEnvelopeOf } from './envelope.js';
import { ErrorCode } from './error-codes.js';
import { GatewayRule } from './gateway-rule.js';
import { apiPaths } from './paths.js';
import { type ResolveRequest, ResolveResult } from './resolve.js';
import { CdnTrace, parseTraceText } from './trace.js';
import { User } from './user.js';
import { VirtualNetwork } from './virtual-network.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ControlApiClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8787` (a trailing `/client/v4` is tolerated). */
  baseUrl: string;
  /** Admin or device token, sent as `Authorization: Bearer`. */
  token: string;
  /** Needed by every account-scoped call; see `listAccounts` and `withAccount`. */
  accountId?: string | undefined;
  fetch?: FetchLike | undefined;
  /** Per request, body included. Default 5000 ms. */
  timeoutMs?: number | undefined;
}

export interface CallOptions {
  /** Aborting it rejects with the signal's reason (not a ControlApiError). */
  signal?: AbortSignal | undefined;
}

/** The device config, or "not modified" when the ETag given still holds. */
export type DeviceConfigAnswer =
  | { modified: true; config: DeviceConfig; etag: string | undefined }
  | { modified: false; etag: string };

export interface VirtualNetworkFilter {
  is_default?: boolean;
  is_deleted?: boolean;
  name?: string;
  vnet_id?: string;
}

/** The server's origin from whatever base URL a user typed. */
export function controlApiOrigin(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/client\/v4$/, '');
}

/** URL of the account's Server-Sent Events stream (`event: config`). */
export function controlApiEventsUrl(baseUrl: string, accountId: string): string {
  return controlApiOrigin(baseUrl) + apiPaths.events(accountId);
}

/** A typed client for the control API; validates every answer against the shared schemas. */
export class ControlApiClient {
  readonly origin: string;
  readonly accountId: string | undefined;
  readonly #options: ControlApiClientOptions;
  readonly #fetch: FetchLike;

  constructor(options: ControlApiClientOptions) {
    this.#options = options;
    this.origin = controlApiOrigin(options.baseUrl);
    this.accountId = options.accountId;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The same client bound to another account. */
  withAccount(accountId: string): ControlApiClient {
    return new ControlApiClient({ ...this.#options, accountId });
  }

  eventsUrl(): string {
    return this.origin + apiPaths.events(this.#account());
  }

  health(call?: CallOptions): Promise<z.infer<typeof HealthStatus>> {
    return this.#json('GET', apiPaths.health(), envelopeOf(HealthStatus), undefined, call);
  }

  listAccounts(call?: CallOptions): Promise<Account[]> {
    return this.#json('GET', apiPaths.accounts(), listEnvelopeOf(Account), undefined, call);
  }

  getAccount(call?: CallOptions): Promise<Account> {
    const path = apiPaths.account(this.#account());
    return this.#json('GET', path, envelopeOf(Account), undefined, call);
  }

  listVirtualNetworks(
    filter?: VirtualNetworkFilter,
    call?: CallOptions,
  ): Promise<VirtualNetwork[]> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    const path = apiPaths.virtualNetworks(this.#account()) + suffix;
    return this.#json('GET', path, listEnvelopeOf(VirtualNetwork), undefined, call);
  }

  getVirtualNetwork(vnetId: string, call?: CallOptions): Promise<VirtualNetwork> {
    const path = apiPaths.virtualNetwork(this.#account(), vnetId);
    return this.#json('GET', path, envelopeOf(VirtualNetwork), undefined, call);
  }

  listGatewayRules(call?: CallOptions): Promise<GatewayRule[]> {
    const path = apiPaths.gatewayRules(this.#account());
    return this.#json('GET', path, listEnvelopeOf(GatewayRule), undefined, call);
  }

  listEgressIps(call?: CallOptions): Promise<EgressIp[]> {
    const path = apiPaths.egressIps(this.#account());
    return this.#json('GET', path, listEnvelopeOf(EgressIp), undefined, call);
  }

  /**
   * Admin: mark a data center down or healthy (outage simulation, overriding the health probes),
   * or `auto` to hand the status back to them.
   */
  setEgressIpStatus(
    id: string,
    status: EgressIpStatusInput,
    call?: CallOptions,
  ): Promise<EgressIp> {
    return this.updateEgressIp(id, { status }, call);
  }

  /** Admin: a new status and/or gateway. */
  updateEgressIp(id: string, patch: EgressIpPatch, call?: CallOptions): Promise<EgressIp> {
    const path = apiPaths.egressIp(this.#account(), id);
    return this.#json('PATCH', path, envelopeOf(EgressIp), patch, call);
  }

  /** Admin: enrol a device for a user; the answer carries the device token (shown only here). */
  enrolDevice(
    body: { name: string; user_email: string },
    call?: CallOptions,
  ): Promise<EnrolledDevice> {
    const path = apiPaths.devices(this.#account());
    return this.#json('POST', path, envelopeOf(EnrolledDevice), body, call);
  }

  listDevices(call?: CallOptions): Promise<Device[]> {
    const path = apiPaths.devices(this.#account());
    return this.#json('GET', path, listEnvelopeOf(Device), undefined, call);
  }

  getDevice(deviceId: string, call?: CallOptions): Promise<Device> {
    const path = apiPaths.device(this.#account(), deviceId);
    return this.#json('GET', path, envelopeOf(Device), undefined, call);
  }

  patchDevice(deviceId: string, patch: DevicePatch, call?: CallOptions): Promise<Device> {
    const path = apiPaths.device(this.#account(), deviceId);
    return this.#json('PATCH', path, envelopeOf(Device), patch, call);
  }

  /** Attach the device to a virtual network (what a switch does on the server). */
  attachDevice(deviceId: string, vnetId: string, call?: CallOptions): Promise<Device> {
    return this.patchDevice(deviceId, { vnet_id: vnetId }, call);
  }

  /** Report (or clear, with null) the device's physical location. */
  setDeviceLocation(deviceId: string, location: Location | null, call?: CallOptions) {
    return this.patchDevice(deviceId, { location }, call);
  }

  listUsers(call?: CallOptions): Promise<User[]> {
    return this.#json(
      'GET',
      apiPaths.users(this.#account()),
      listEnvelopeOf(User),
      undefined,
      call,
    );
  }

  putUser(email: string, groups: string[], call?: CallOptions): Promise<User> {
    const path = apiPaths.user(this.#account(), email);
    return this.#json('PUT', path, envelopeOf(User), { groups }, call);
  }

  resolve(request: ResolveRequest, call?: CallOptions): Promise<ResolveResult> {
    const path = apiPaths.resolve(this.#account());
    return this.#json('POST', path, envelopeOf(ResolveResult), request, call);
  }

  /**
   * What the device needs to decide locally (`GET devices/{id}/config`). With `etag` (from the
   * previous answer) an unchanged config costs a 304 and no body.
   */
  async getDeviceConfig(
    deviceId: string,
    call?: CallOptions & { etag?: string | undefined },
  ): Promise<DeviceConfigAnswer> {
    const path = apiPaths.deviceConfig(this.#account(), deviceId);
    const headers = call?.etag === undefined ? undefined : { 'if-none-match': call.etag };
    const { response, text } = await this.#send('GET', path, undefined, call, headers);
    const etag = response.headers.get('etag') ?? undefined;
    if (response.status === 304 && call?.etag !== undefined) {
      return { modified: false, etag: etag ?? call.etag };
    }
    const config = resultOf(response, text, envelopeOf(DeviceConfig));
    return { modified: true, config, etag };
  }

  /** `/cdn-cgi/trace` for the device this (device) token belongs to. */
  async fetchTrace(call?: CallOptions): Promise<CdnTrace> {
    const { response, text } = await this.#send('GET', apiPaths.trace(), undefined, call);
    if (!response.ok) throw errorFrom(response, text);
    const parsed = CdnTrace.safeParse(parseTraceText(text));
    if (!parsed.success) throw invalidResponse(response.status, parsed.error);
    return parsed.data;
  }

  async #json<T>(
    method: string,
    path: string,
    schema: z.ZodType<{ result: T }>,
    body: unknown,
    call: CallOptions | undefined,
  ): Promise<T> {
    const { response, text } = await this.#send(method, path, body, call);
    return resultOf(response, text, schema);
  }

  async #send(
    method: string,
    path: string,
    body: unknown,
    call: CallOptions | undefined,
    extraHeaders?: Record<string, string>,
  ) {
    const url = this.origin + path;
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 5000);
    const signal = call?.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      ...extraHeaders,
      authorization: `Bearer ${this.#options.token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.#fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
      return { response, text: await response.text() };
    } catch (error) {
      if (call?.signal?.aborted) throw call.signal.reason;
      throw new ControlApiUnreachableError(url, timeout.aborted ? 'timeout' : 'network', error);
    }
  }

  #account(): string {
    if (!this.accountId) {
      throw new Error('this call needs an account: pass accountId or use withAccount()');
    }
    return this.accountId;
  }
}

function errorFrom(response: Response, text: string): ControlApiError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const message = text.trim() || `${response.status} ${response.statusText}`;
    const code =
      response.status === 503 ? ErrorCode.EGRESS_UNAVAILABLE : ErrorCode.INVALID_RESPONSE;
    return new ControlApiError(response.status, code, message);
  }
  const parsed = LooseErrorEnvelope.safeParse(json);
  const errors = (parsed.success ? (parsed.data.errors ?? []) : []).map((entry) =>
    typeof entry === 'string' ? { code: ErrorCode.INVALID_RESPONSE, message: entry } : entry,
  );
  const first = errors[0];
  if (!first) {
    const message = `${response.status} ${response.statusText}`.trim();
    return new ControlApiError(response.status, ErrorCode.INVALID_RESPONSE, message);
  }
  return new ControlApiError(response.status, first.code, first.message, errors);
}

function invalidResponse(status: number, error: z.ZodError): ControlApiError {
  const where = describeZodIssues(error, { root: '(root)', limit: 3 });
  return new ControlApiError(status, ErrorCode.INVALID_RESPONSE, `unexpected answer: ${where}`);
}

/** The `result` of a successful answer in `schema`'s envelope; a failure or a wrong shape throws. */
function resultOf<T>(response: Response, text: string, schema: z.ZodType<{ result: T }>): T {
  if (!response.ok) throw errorFrom(response, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ControlApiError(response.status, ErrorCode.INVALID_RESPONSE, 'not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidResponse(response.status, parsed.error);
  return parsed.data.result;
}
