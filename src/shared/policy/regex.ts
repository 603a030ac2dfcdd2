import { RE2JS, RE2JSSyntaxException } from 're2js';
import { errorMessage } from '../text/error-message.js';

export type RegexCompile = { ok: true; regex: RE2JS } | { ok: false; reason: string };

/**
 * RE2 (re2js) runs in time linear in the input, so a pattern from an API user cannot hang a
 * resolve. `matches` searches anywhere in the value, as wirefilter's `is_match` does; anchor
 * with ^…$ for a whole-value match. Case-insensitive fields match case-insensitively.
 *
 * Validation and compilation see the same patterns (parse, then compile), so compiled patterns
 * are kept in a small cache; RE2JS objects carry no per-match state and can be shared.
 */
export function compileRegex(
  pattern: string,
  caseInsensitive: boolean,
  maxProgram: number,
): RegexCompile {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  const cached = cache.get(key);
  if (cached !== undefined) return checkSize(cached, maxProgram);
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    return { ok: false, reason: describeRegexError(error, caseInsensitive) };
  }
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, regex);
  return checkSize(regex, maxProgram);
}

const CACHE_SIZE = 512;
const cache = new Map<string, RE2JS>();

function checkSize(regex: RE2JS, maxProgram: number): RegexCompile {
  const size = programSize(regex);
  if (size !== undefined && size > maxProgram) {
    return {
      ok: false,
      reason: `the pattern compiles to ${size} steps, more than the ${maxProgram} allowed; use smaller repetition counts`,
    };
  }
  return { ok: true, regex };
}

/** The compiled program's length: matching costs grow with it. Read defensively (not typed). */
function programSize(regex: RE2JS): number | undefined {
  const program: unknown = regex.re2().prog;
  if (typeof program !== 'object' || program === null || !('inst' in program)) return undefined;
  return Array.isArray(program.inst) ? program.inst.length : undefined;
}

function describeRegexError(error: unknown, caseInsensitive: boolean): string {
  if (!(error instanceof RE2JSSyntaxException)) {
    return errorMessage(error);
  }
  // re2js applies the case-insensitive flag by prefixing (?i); show the pattern as written.
  const input = error.getPattern();
  const shown = caseInsensitive && input?.startsWith('(?i)') ? input.slice(4) : input;
  return shown ? `${error.getDescription()} in \`${shown}\`` : error.getDescription();
}
