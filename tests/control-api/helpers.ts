import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import {
  type ControlApiHandle,
  type ControlApiOptions,
  startControlApi,
} from '../../src/control-api/server.js';
import { ConfigEvent } from '../../src/shared/api/index.js';
import { ADMIN_TOKEN } from '../support/admin-token.js';
import { onPostgres, testDatabaseUrl } from '../support/postgres.js';

export interface TestApi {
  api: ControlApiHandle;
  admin: string;
  /** `/client/v4/accounts/<id>` */
  base: string;
  /** The database file, or with `EGRESS_TEST_DB=postgres` the URL standing for it. */
  dbFile: string;
}

export { tempDir } from '../support/temp-dir.js';

export { ADMIN_TOKEN };

/**
 * Starts a server on 127.0.0.1:0 over a database file in `dir` — or, with
 * `EGRESS_TEST_DB=postgres`, over a PostgreSQL database standing for that file (the same
 * file name is the same database, so restarts find their data).
 */
export async function startTestApi(
  dir: string,
  options: ControlApiOptions & { file?: string } = {},
): Promise<TestApi> {
  const path = join(dir, options.file ?? 'api.db');
  const dbFile = onPostgres ? await testDatabaseUrl(path) : path;
  const api = await startControlApi({
    db: dbFile,
    adminToken: ADMIN_TOKEN,
    logLevel: 'error',
    ...options,
  });
  return {
    api,
    admin: api.adminToken ?? ADMIN_TOKEN,
    base: `/client/v4/accounts/${api.accountId}`,
    dbFile,
  };
}

/** Parsed JSON answers; tests assert on them field by field. */
// biome-ignore lint/suspicious/noExplicitAny: assertions, not types, check these values
export type Json = any;

export interface CallResult<T = Json> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as is (for malformed JSON); sets content-type application/json unless given. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** One HTTP call; JSON answers are parsed into `json`. */
export async function call<T = Json>(
  url: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null && options.token !== undefined) {
    headers.authorization = `Bearer ${options.token}`;
  }
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url + path, { method, headers, body });
  const text = await response.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A caller bound to one server and token. */
export function caller(t: TestApi, token: string | null = t.admin) {
  return <T = Json>(method: string, path: string, options: Omit<CallOptions, 'token'> = {}) =>
    call<T>(t.api.url, method, path.startsWith('/') ? path : `${t.base}/${path}`, {
      token,
      ...options,
    });
}

/** Everything an admin can list, plus the config version: to prove a refused call changed nothing. */
export async function snapshotState(t: TestApi) {
  const admin = caller(t);
  const [vnets, rules, ips, devices, users, account] = await Promise.all([
    admin('GET', 'teamnet/virtual_networks'),
    admin('GET', 'gateway/rules'),
    admin('GET', 'gateway/egress_ips'),
    admin('GET', 'devices'),
    admin('GET', 'users'),
    admin('GET', t.base),
  ]);
  return {
    vnets: vnets.json.result,
    rules: rules.json.result,
    ips: ips.json.result,
    devices: devices.json.result,
    users: users.json.result,
    config_version: account.json.result.config_version,
  };
}

/** Enrols a device and returns it with its token. */
export async function enrol(t: TestApi, name: string, email: string) {
  const response = await caller(t)('POST', 'devices', { body: { name, user_email: email } });
  if (response.status !== 200) throw new Error(`enrol failed: ${response.text}`);
  return response.json.result as { id: string; token: string; vnet_id: string };
}

/**
 * A GET from a chosen local address (as the agent's proxy dials a `source_address` gateway), so
 * a test can observe what the server sees of a connection from there.
 */
export function getFrom(
  url: string,
  path: string,
  localAddress: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(path, url), { localAddress, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** An EventSource with the bearer token, collecting `config` versions. */
export function subscribeConfigEvents(url: string, token: string) {
  const versions: number[] = [];
  const waiters: Array<() => void> = [];
  const source = new EventSource(url, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } }),
  });
  source.addEventListener('config', (event) => {
    versions.push(ConfigEvent.parse(JSON.parse(event.data)).config_version);
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves with the first version matching `accept`, or rejects after `withinMs`. */
  const next = (accept: (version: number) => boolean, withinMs: number) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching config event within ${withinMs} ms (${versions})`)),
        withinMs,
      );
      const check = () => {
        const found = versions.find(accept);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });
  return { source, versions, next };
}
