import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { errorMessage } from '../../../src/shared/text/error-message.js';
import { describeZodIssues, zodIssueLines } from '../../../src/shared/text/zod-issues.js';

function issuesOf(schema: z.ZodType, value: unknown): z.ZodError {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  return parsed.error;
}

const Body = z.strictObject({
  name: z.string().min(1, 'name the network'),
  egress: z.strictObject({ ipv4: z.ipv4() }),
});

describe('zod issues, worded once', () => {
  it('names each field by its path, and the value itself by the root name', () => {
    expect(
      zodIssueLines(issuesOf(Body, { name: '', egress: { ipv4: 'x' } }), { root: 'request' }),
    ).toEqual(['name: name the network', 'egress.ipv4: Invalid IPv4 address']);
    expect(describeZodIssues(issuesOf(Body, 'text'), { root: 'answer' })).toMatch(/^answer: /);
  });

  it('starts every path with the root when asked (the control API names body or query)', () => {
    const error = issuesOf(Body, { name: '', egress: {} });
    expect(zodIssueLines(error, { root: 'body', prefixed: true })).toEqual([
      'body.name: name the network',
      'body.egress.ipv4: Invalid input: expected string, received undefined',
    ]);
  });

  it('names unknown fields in quotes, on the object that holds them', () => {
    const error = issuesOf(Body, { name: 'n', egress: { ipv4: '198.18.0.1', colour: 1, size: 2 } });
    expect(zodIssueLines(error, { root: 'body', prefixed: true })).toEqual([
      'body.egress: unknown fields "colour", "size"',
    ]);
  });

  it('explains a failed union by the branch that came closest', () => {
    const Target = z.union([
      z.strictObject({ vnet: z.string() }),
      z.strictObject({ id: z.uuid() }),
    ]);
    expect(describeZodIssues(issuesOf(Target, { id: 'nope' }), { root: 'request' })).toBe(
      'id: Invalid UUID',
    );
  });

  it('keeps at most the lines asked for, each once, joined by semicolons', () => {
    const Many = z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string() });
    const error = issuesOf(Many, {});
    expect(zodIssueLines(error, { root: 'answer', limit: 3 })).toHaveLength(3);
    expect(describeZodIssues(error, { root: 'answer' }).split('; ')).toHaveLength(4);
  });
});

describe('errorMessage', () => {
  it("is an Error's message, or anything else as text", () => {
    expect(errorMessage(new TypeError('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
});
