import type { AgentFetch, AgentFetchInit } from '../../../src/shared/agent/http-client.js';

export { tempDir } from '../../support/temp-dir.js';

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
