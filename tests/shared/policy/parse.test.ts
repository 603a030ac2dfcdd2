import { describe, expect, it } from 'vitest';
import type { Expression } from '../../../src/shared/policy/index.js';
import { formatExpression, parseExpression } from '../../../src/shared/policy/index.js';
import { parseOk, stripPositions } from './helpers.js';

const vnet = (value: string): Expression => ({
  type: 'compare',
  field: 'net.vnet_id',
  op: '==',
  value: { type: 'string', value },
});

describe('parseExpression: accepted syntax', () => {
  it.each(['', '   ', '\n\t  \r\n'])('empty source %j is an empty expression that holds', (s) => {
    expect(parseExpression(s)).toEqual({ ok: true, ast: null });
  });

  it('parses the documented Cloudflare examples', () => {
    for (const source of [
      'net.vnet_id == "957fc748-591a-e96s-a15d-1j90204a7923"',
      'net.dst.ip == 192.0.2.0',
      'net.dst.ip in {172.16.8.0/24}',
      'net.dst.port in {443 80}',
      'net.dst.port == 3306',
      'identity.email == "user@company.com"',
      'identity.email in {"a@x.com"}',
      'identity.name == "user-name"',
      'any(identity.groups.name[*] in {"finance"})',
      'any(identity.groups.name[*] in {"developers" "admin"})',
      'any(device_posture.checks.passed[*] in {"f1c3f2c9-0b6a-4d8e-9c57-3d3c5f0a1b2e"})',
      'not(any(identity.groups.name[*] in {"x"})) and not(identity.email == "y")',
    ]) {
      expect(parseExpression(source).ok, source).toBe(true);
    }
  });

  it('gives and precedence over or, and not over and', () => {
    const ast = stripPositions(
      parseOk('net.vnet_id == "a" or net.vnet_id == "b" and not net.vnet_id == "c"'),
    );
    expect(ast).toEqual({
      type: 'or',
      operands: [
        vnet('a'),
        { type: 'and', operands: [vnet('b'), { type: 'not', operand: vnet('c') }] },
      ],
    });
  });

  it('parentheses override precedence', () => {
    const ast = stripPositions(
      parseOk('(net.vnet_id == "a" or net.vnet_id == "b") and net.vnet_id == "c"'),
    );
    expect(ast).toEqual({
      type: 'and',
      operands: [{ type: 'or', operands: [vnet('a'), vnet('b')] }, vnet('c')],
    });
  });

  it('reads &&, || and ! exactly as and, or and not', () => {
    const words = parseOk('not(net.vnet_id == "a") and net.vnet_id == "b" or net.vnet_id == "c"');
    const symbols = parseOk('!(net.vnet_id == "a") && net.vnet_id == "b" || net.vnet_id == "c"');
    expect(stripPositions(symbols)).toEqual(stripPositions(words));
  });

  it('places xor between or and and', () => {
    const ast = stripPositions(
      parseOk(
        'net.vnet_id == "a" or net.vnet_id == "b" ^^ net.vnet_id == "c" and net.vnet_id == "d"',
      ),
    );
    expect(ast).toEqual({
      type: 'or',
      operands: [
        vnet('a'),
        {
          type: 'xor',
          operands: [vnet('b'), { type: 'and', operands: [vnet('c'), vnet('d')] }],
        },
      ],
    });
  });

  it('keeps a chain flat but an explicit group nested', () => {
    const flat = stripPositions(
      parseOk('net.vnet_id == "a" and net.vnet_id == "b" and net.vnet_id == "c"'),
    );
    expect(flat).toEqual({ type: 'and', operands: [vnet('a'), vnet('b'), vnet('c')] });
    const grouped = stripPositions(
      parseOk('(net.vnet_id == "a" and net.vnet_id == "b") and net.vnet_id == "c"'),
    );
    expect(grouped).toEqual({
      type: 'and',
      operands: [{ type: 'and', operands: [vnet('a'), vnet('b')] }, vnet('c')],
    });
  });

  it('reads set items of every type, ranges included', () => {
    const ports = stripPositions(parseOk('net.dst.port in {443 80 8000..8099}'));
    expect(ports).toEqual({
      type: 'in',
      field: 'net.dst.port',
      values: [
        { type: 'int', value: 443 },
        { type: 'int', value: 80 },
        { type: 'range', from: 8000, to: 8099 },
      ],
    });
    const ips = stripPositions(parseOk('net.dst.ip in {10.0.0.0/8 192.0.2.1 2001:DB8:0:0::/32}'));
    expect(ips).toEqual({
      type: 'in',
      field: 'net.dst.ip',
      values: [
        { type: 'ip', address: '10.0.0.0', prefix: 8 },
        { type: 'ip', address: '192.0.2.1' },
        { type: 'ip', address: '2001:db8::', prefix: 32 },
      ],
    });
  });

  it('decodes \\" and \\\\ in strings, and leaves regex escapes to the regex', () => {
    const string = stripPositions(parseOk('identity.name == "say \\"hi\\" \\\\o/"'));
    expect(string).toMatchObject({ value: { type: 'string', value: 'say "hi" \\o/' } });
    const regex = stripPositions(parseOk('net.fqdn matches "^\\d+\\.example\\.com \\"x\\"$"'));
    expect(regex).toMatchObject({ pattern: '^\\d+\\.example\\.com "x"$' });
  });

  it('allows newlines and tabs between tokens and records line and column', () => {
    const source = 'net.vnet_id == "a"\n\tand\n  net.dst.port == 80';
    const ast = parseOk(source);
    expect(ast.type).toBe('and');
    if (ast.type !== 'and') return;
    const offset = source.indexOf('net.dst.port');
    expect(ast.operands[1]?.position).toEqual({ offset, line: 3, column: 3 });
  });

  it('restricts fields to the column when a kind is given, and admits all without one', () => {
    expect(parseExpression('net.vnet_id == "a"', 'traffic').ok).toBe(true);
    expect(parseExpression('identity.email == "a@b.c"', 'identity').ok).toBe(true);
    expect(
      parseExpression('any(device_posture.checks.passed[*] == "p")', 'device_posture').ok,
    ).toBe(true);
    expect(parseExpression('net.vnet_id == "a" and identity.email == "a@b.c"').ok).toBe(true);
  });

  it('formats to canonical text', () => {
    const source =
      '!(net.vnet_id=="a")&&net.dst.ip in {2001:DB8::1 10.0.0.0/8}||any(identity.groups.name[*]matches "^x")';
    expect(formatExpression(parseOk(source))).toBe(
      'not(net.vnet_id == "a") and net.dst.ip in {2001:db8::1 10.0.0.0/8} or any(identity.groups.name[*] matches "^x")',
    );
  });

  it('formats nested chains with the parentheses the tree needs', () => {
    for (const source of [
      '(net.vnet_id == "a" or net.vnet_id == "b") and net.vnet_id == "c"',
      '(net.vnet_id == "a" and net.vnet_id == "b") and net.vnet_id == "c"',
      'net.vnet_id == "a" and (net.vnet_id == "b" and net.vnet_id == "c")',
      '(net.vnet_id == "a" or net.vnet_id == "b") xor net.vnet_id == "c"',
      'net.vnet_id == "a" or net.vnet_id == "b" and net.vnet_id == "c"',
    ]) {
      expect(formatExpression(parseOk(source))).toBe(source);
    }
  });
});
