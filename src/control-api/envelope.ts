import type { ApiMessage, Envelope, PageQuery, ResultInfo } from '../shared/api/index.js';

/** A successful answer in Cloudflare's envelope. */
export function ok<T>(result: T, messages: ApiMessage[] = []): Envelope<T> {
  return { success: true, errors: [], messages, result };
}

/** One page of a list; without `per_page` the page holds everything. */
export function okList<T>(
  items: readonly T[],
  page: PageQuery = {},
): Envelope<T[]> & {
  result_info: ResultInfo;
} {
  const pageNo = page.page ?? 1;
  const perPage = page.per_page ?? Math.max(items.length, 1);
  const start = (pageNo - 1) * perPage;
  const result = items.slice(start, start + perPage);
  return {
    success: true,
    errors: [],
    messages: [],
    result,
    result_info: {
      page: pageNo,
      per_page: perPage,
      count: result.length,
      total_count: items.length,
    },
  };
}

/** A failure in Cloudflare's envelope. */
export function failure(errors: ApiMessage[]) {
  return { success: false as const, errors, messages: [], result: null };
}
