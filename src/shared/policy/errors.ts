import type { ExpressionError, SourcePosition } from './types.js';

export type ErrorResult = { ok: false; error: ExpressionError };

export interface ErrorDetail {
  message: string;
  expected: readonly string[];
  found: string;
  suggestion?: string | undefined;
}

/** Thrown where an error cannot be returned as a value (configs already validated on write). */
export class ExpressionSyntaxError extends Error {
  readonly detail: ExpressionError;

  constructor(detail: ExpressionError) {
    super(detail.message);
    this.name = 'ExpressionSyntaxError';
    this.detail = detail;
  }
}

/**
 * An error at `offset`. `detailAt` receives "line L, column C" so that every message names
 * the place the same way.
 */
export function buildError(
  source: string,
  offset: number,
  detailAt: (at: string) => ErrorDetail,
): ErrorResult {
  const position = positionAt(source, offset);
  const detail = detailAt(`line ${position.line}, column ${position.column}`);
  const error: ExpressionError = {
    message: detail.message,
    position,
    expected: detail.expected,
    found: detail.found,
    snippet: renderSnippet(source, position),
  };
  if (detail.suggestion !== undefined) error.suggestion = detail.suggestion;
  return { ok: false, error };
}

export function positionAt(source: string, offset: number): SourcePosition {
  const clamped = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < clamped; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset: clamped, line, column: clamped - lineStart + 1 };
}

const SNIPPET_WIDTH = 72;
const SNIPPET_CONTEXT = 24;

/**
 * The source line holding `position` and a caret under it. Long lines are cut to a window around
 * the caret (marked with …), and control characters print as spaces so the caret lines up.
 */
export function renderSnippet(source: string, position: SourcePosition): string {
  const lineStart = position.offset - (position.column - 1);
  const newline = source.indexOf('\n', lineStart);
  const lineEnd = newline === -1 ? source.length : newline;
  let from = lineStart;
  let to = lineEnd;
  if (to - from > SNIPPET_WIDTH) {
    from = Math.max(lineStart, position.offset - SNIPPET_CONTEXT);
    to = Math.min(lineEnd, from + SNIPPET_WIDTH);
  }
  const prefix = from > lineStart ? '…' : '';
  const suffix = to < lineEnd ? '…' : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we replace
  const text = source.slice(from, to).replace(/[\u0000-\u001f\u007f]/g, ' ');
  const caret = `${' '.repeat(prefix.length + position.offset - from)}^`;
  return `${prefix}${text}${suffix}\n${caret}`;
}

const FOUND_MAX = 40;

/** A token as an error's `found`: as written, cut short when long. */
export function describeToken(text: string): string {
  if (text === '') return 'end of input';
  return text.length > FOUND_MAX ? `${text.slice(0, FOUND_MAX)}…` : text;
}

/** `"==", "!=" or "in"`: alternatives for a message. */
export function quotedList(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item}"`);
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
