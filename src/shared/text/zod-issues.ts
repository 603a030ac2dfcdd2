import type { z } from 'zod';

/**
 * One wording of zod's issues for every edge that validates: the agent contract's requests, the
 * control API's bodies, and the answers both clients check. Each line names the field, so the
 * caller can fix what it sent without reading a schema.
 */

type Issue = z.core.$ZodIssue;

export interface IssueWording {
  /** Names the value itself when an issue has no path: 'request', 'answer', 'body'. */
  root: string;
  /** Start every path with `root` (`body.name: …`); otherwise paths stand alone (`name: …`). */
  prefixed?: boolean;
  /** At most this many lines; default all. */
  limit?: number;
}

/** The most plausible reading of a failed union: the branch that came closest to matching. */
function closestBranch(issue: Issue): Issue[] | null {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return null;
  return issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
}

function lines(issue: Issue, prefix: readonly PropertyKey[], wording: IssueWording): string[] {
  const path = [...prefix, ...issue.path];
  const branch = closestBranch(issue);
  if (branch !== null && branch.length > 0) return branch.flatMap((i) => lines(i, path, wording));
  const named = wording.prefixed ? [wording.root, ...path] : path;
  const where = named.length === 0 ? wording.root : named.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return [`${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`];
  }
  return [`${where}: ${issue.message}`];
}

/** One line per offending field, e.g. `body.rule_settings.egress.ipv4: Invalid IPv4 address`. */
export function zodIssueLines(error: z.ZodError, wording: IssueWording): string[] {
  const all = [...new Set(error.issues.flatMap((issue) => lines(issue, [], wording)))];
  return wording.limit === undefined ? all : all.slice(0, wording.limit);
}

/** The same lines as one sentence: `vnet: name the virtual network to switch to; colo: …`. */
export function describeZodIssues(error: z.ZodError, wording: IssueWording): string {
  return zodIssueLines(error, wording).join('; ');
}
