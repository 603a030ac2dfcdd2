import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentFetch, AgentFetchInit } from '../../../src/shared/agent/http-client.js';

/** A short temp dir (socket paths must stay under ~100 bytes), removed by `cleanup`. */
export function tempDir(prefix = 'lapi-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RawResult {
  status: number;
  headers: { get(name: string): string | null };
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on the parsed JSON field by field
  json: any;
}

export async function rawCall(
  url: string,
  init: AgentFetchInit & { fetch?: AgentFetch } = {},
): Promise<RawResult> {
  const { fetch: fetchImpl = globalThis.fetch, ...rest } = init;
  const response = await fetchImpl(url, rest);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : null,
  };
}
