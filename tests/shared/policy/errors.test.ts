import { describe, expect, it } from 'vitest';
import {
  compilePolicyExpression,
  type ExpressionKind,
  ExpressionSyntaxError,
  parseExpression,
} from '../../../src/shared/policy/index.js';
import { expectWellFormedError, parseError } from './helpers.js';

describe('parse errors are values a person can act on', () => {
  it('suggests the closest field for an unknown one', () => {
    const error = parseError('net.dst.prot == 80');
    expect(error.message).toBe(
      'Unknown field "net.dst.prot" at line 1, column 1; did you mean "net.dst.port"?',
    );
    expect(error.suggestion).toBe('net.dst.port');
    expect(error.found).toBe('net.dst.prot');
    expect(error.snippet).toBe('net.dst.prot == 80\n^');
  });

  it.each([
    ['identity.emial == "a"', 'identity.email'],
    ['net.vnetid == "a"', 'net.vnet_id'],
    ['any(identity.group.name[*] == "a")', 'identity.groups.name'],
    ['NET.DST.PORT == 1', 'net.dst.port'],
  ])('%s suggests %s', (source, suggestion) => {
    expect(parseError(source).suggestion).toBe(suggestion);
  });

  it('lists the column’s fields when nothing is close', () => {
    const error = parseError('colour == "red"', 'identity');
    expect(error.suggestion).toBeUndefined();
    expect(error.message).toContain('identity fields are identity.email, identity.name');
    expect(error.message).not.toContain('net.vnet_id');
  });

  it('names the expected type and what was found on a type mismatch', () => {
    const error = parseError('net.vnet_id == 42');
    expect(error.message).toBe(
      'Expected a quoted string after "==" for field "net.vnet_id" (a string field), found 42 at line 1, column 16; write it in double quotes: "42".',
    );
    expect(error.position).toEqual({ offset: 15, line: 1, column: 16 });
    expect(error.expected).toEqual(['a quoted string']);
    expect(error.found).toBe('42');
    expect(error.snippet).toBe('net.vnet_id == 42\n               ^');
  });

  it.each([
    ['net.dst.port == "x"', 16, 'an integer (0–65535)'],
    ['net.dst.ip == "10.0.0.1"', 14, 'an IP address'],
    ['net.dst.ip in {"10.0.0.1"}', 15, 'an IP address or CIDR block'],
    ['net.dst.port in {"443"}', 17, 'an integer (0–65535)'],
    ['identity.name in {bob}', 18, 'a quoted string'],
  ])('%s is a type error at offset %i', (source, offset, expected) => {
    const error = parseError(source);
    expect(error.position.offset).toBe(offset);
    expect(error.expected).toEqual([expected]);
    expect(error.message).toContain(`Expected ${expected}`);
  });

  it.each<[string, number, RegExp]>([
    ['net.dst.ip == 10.0.0.256', 14, /"10\.0\.0\.256" is not an IPv4 or IPv6 address/],
    ['net.dst.ip in {10.0.0.0/33}', 15, /"\/33" is not a prefix length .* \(0–32\)/],
    ['net.dst.ip in {2001:db8::/129}', 15, /\(0–128\)/],
    ['net.dst.ip in {2001:db8:::1}', 15, /not an IPv4 or IPv6 address/],
    ['net.dst.ip in {10.1}', 15, /not an IPv4 or IPv6 address/],
    ['net.dst.ip == 10.0.0.0/8', 14, /write net\.dst\.ip in \{10\.0\.0\.0\/8\}/],
    ['net.dst.port in {90..80}', 17, /runs backwards; write 80\.\.90/],
    ['net.dst.port == 70000', 16, /outside 0–65535/],
    ['net.src.port in {1..65536}', 17, /65536 .* outside 0–65535/],
    ['net.dst.port == -1', 16, /Expected an integer/],
    ['net.dst.port == 80..90', 16, /write net\.dst\.port in \{80\.\.90\}/],
    ['net.fqdn matches "a(b"', 17, /Invalid regular expression .*missing closing \)/],
    ['net.fqdn matches "(?P<x"', 17, /Invalid regular expression/],
    ['net.fqdn matches "a{2000}"', 17, /Invalid regular expression/],
  ])('%s is refused at offset %i', (source, offset, message) => {
    const error = parseError(source);
    expect(error.message).toMatch(message);
    expect(error.position.offset).toBe(offset);
    expectWellFormedError(source, { ok: false, error });
  });

  it('suggests quoting a bare word compared with a string field', () => {
    const error = parseError('net.vnet_id == 957fc748-591a-e96s-a15d-1j90204a7923');
    expect(error.suggestion).toBe('"957fc748-591a-e96s-a15d-1j90204a7923"');
    expect(error.message).toContain('write it in double quotes');
  });

  it('refuses an unknown expression kind instead of misreporting fields', () => {
    const result = parseExpression('net.vnet_id == "a"', 'http' as ExpressionKind);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('Unknown expression kind "http"');
  });

  it('suggests the network when a CIDR has host bits set', () => {
    const error = parseError('net.dst.ip in {10.1.2.3/8 2001:db8::1/32}');
    expect(error.message).toContain('10.1.2.3/8 has host bits set; did you mean 10.0.0.0/8?');
    expect(error.suggestion).toBe('10.0.0.0/8');
    const v6 = parseError('net.dst.ip in {2001:db8::1/32}');
    expect(v6.suggestion).toBe('2001:db8::/32');
  });

  it('refuses list fields outside any(…), naming the any(…) form', () => {
    for (const source of ['identity.groups.name == "x"', 'identity.groups.name in {"x"}']) {
      const error = parseError(source);
      expect(error.message).toContain('is a list of strings');
      expect(error.message).toContain('any(identity.groups.name[*]');
      expect(error.position.offset).toBe(0);
    }
    expect(parseError('identity.groups.name[*] == "x"').message).toContain('must be inside any(…)');
  });

  it('refuses any(…) over a field that is not a list', () => {
    expect(parseError('any(net.vnet_id[*] == "x")').message).toContain('takes a list field');
  });

  it('refuses operators that do not apply to the type', () => {
    expect(parseError('net.vnet_id > "a"').message).toContain('ordering applies to integer fields');
    expect(parseError('net.dst.ip <= 10.0.0.1').message).toContain('does not apply');
    expect(parseError('net.dst.port matches "8.*"').message).toContain(
      'regular expressions apply to string fields',
    );
    expect(parseError('net.dst.ip matches "x"').expected).toEqual(['==', '!=', 'in']);
  });

  it.each<[ExpressionKind, string, string]>([
    ['traffic', 'identity.email == "a@b.c"', 'the identity expression'],
    ['traffic', 'any(device_posture.checks.passed[*] == "p")', 'the device posture expression'],
    ['identity', 'net.vnet_id == "v"', 'the traffic expression'],
    ['device_posture', 'any(identity.groups.name[*] == "g")', 'the identity expression'],
  ])('in %s, %s is refused and its column named', (kind, source, home) => {
    const error = parseError(source, kind);
    expect(error.message).toContain(`belongs in ${home}`);
    expect(error.suggestion).toBeUndefined();
  });

  it.each<[string, RegExp]>([
    ['net.vnet_id = "x"', /Use "==" to compare, not "="/],
    ['net.dst.port in {80, 443}', /Separate set items with spaces, not commas/],
    ['net.dst.port in {}', /empty and would never match/],
    ['net.dst.port in {80', /The set opened at line 1, column 17 is not closed/],
    ['(net.vnet_id == "x"', /Expected "\)" .* to close the "\(" at line 1, column 1/],
    ['any(identity.groups.name[*] == "x"', /to close the "any\(" at line 1, column 1/],
    ['net.vnet_id == "x")', /Unmatched "\)"/],
    ['net.vnet_id == "x" net.vnet_id == "y"', /Expected "and", "or" or the end/],
    ['net.vnet_id == "x" and', /Expected a condition .* found end of input/],
    ['and net.vnet_id == "x"', /Expected a condition .* found and/],
    ['net.vnet_id', /Expected an operator after "net\.vnet_id" .*found end of input/],
    ['net.vnet_id == "abc', /has no closing quote/],
    ['net.vnet_id == "a\\qb"', /Unknown escape "\\q"/],
    ['net.vnet_id == "x" ; drop', /Unexpected character ";"/],
    ['any identity.groups.name[*] == "x"', /Expected "\(" after "any"/],
    ['any(identity.groups.name == "x")', /Expected "\[" after "identity\.groups\.name"/],
    ['net.fqdn matches 42', /Expected a quoted regular expression/],
    ['net.vnet_id == ', /found end of input/],
  ])('%s → %s', (source, message) => {
    const result = parseExpression(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(message);
    expectWellFormedError(source, result);
  });

  it('points at the right line and column in a multi-line expression, caret under it', () => {
    const source = 'net.vnet_id == "a"\nand net.dst.port == "80"';
    const error = parseError(source);
    expect(error.position).toEqual({ offset: source.indexOf('"80"'), line: 2, column: 21 });
    expect(error.snippet).toBe('and net.dst.port == "80"\n                    ^');
  });

  it('cuts a long line to a window around the caret', () => {
    const source = `${'net.vnet_id == "a" and '.repeat(40)}net.dst.port == "x"`;
    const error = parseError(source);
    const [text, caret] = error.snippet.split('\n');
    expect(text?.startsWith('…')).toBe(true);
    expect(text?.length).toBeLessThanOrEqual(80);
    expect(text?.[(caret?.length ?? 0) - 1]).toBe('"');
  });

  it('compilePolicyExpression throws ExpressionSyntaxError carrying the error value', () => {
    let thrown: unknown;
    try {
      compilePolicyExpression('identity.email == "a@b.c"', 'traffic');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ExpressionSyntaxError);
    const detail = (thrown as ExpressionSyntaxError).detail;
    expect(detail.message).toContain('belongs in the identity expression');
    expect((thrown as Error).message).toBe(detail.message);
  });

  it('refuses a source that is not text instead of throwing', () => {
    const result = parseExpression(42 as unknown as string);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('must be text');
  });
});
