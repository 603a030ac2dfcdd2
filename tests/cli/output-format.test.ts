import { describe, expect, it } from 'vitest';
import { locationRequest } from '../../src/cli/commands/location.js';
import { whatIfRequest } from '../../src/cli/commands/resolve.js';
import { colorWanted, createStyle, visibleWidth } from '../../src/cli/output/style.js';
import { formatTable } from '../../src/cli/output/table.js';

describe('colour', () => {
  it.each([
    ['a TTY', { isTTY: true }, {}, true],
    ['a pipe', { isTTY: false }, {}, false],
    ['a TTY with NO_COLOR', { isTTY: true }, { NO_COLOR: '1' }, false],
    ['a TTY with TERM=dumb', { isTTY: true }, { TERM: 'dumb' }, false],
    ['a TTY with an empty NO_COLOR', { isTTY: true }, { NO_COLOR: '' }, true],
  ])('on %s: %s', (_what, stream, env, wanted) => {
    expect(colorWanted(stream, env)).toBe(wanted);
  });

  it('a disabled style leaves text alone; an enabled one adds escapes that do not count as width', () => {
    expect(createStyle(false).red('x')).toBe('x');
    const red = createStyle(true).red('offline');
    expect(red).not.toBe('offline');
    expect(visibleWidth(red)).toBe('offline'.length);
  });
});

describe('tables', () => {
  it('aligns columns by their widest cell, coloured or not, without trailing blanks', () => {
    const style = createStyle(true);
    const text = formatTable([
      ['NAME', 'EGRESS', 'NOTES'],
      [style.bold('vnet-London'), '192.0.2.10', ''],
      ['default', '203.0.113.5', 'default'],
    ]);
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    const lines = text.split('\n').map((line) => line.replace(ansi, ''));
    expect(lines[0]?.indexOf('EGRESS')).toBe(lines[1]?.indexOf('192.0.2.10'));
    expect(lines[0]?.indexOf('EGRESS')).toBe(lines[2]?.indexOf('203.0.113.5'));
    expect(lines[0]?.indexOf('NOTES')).toBe(lines[2]?.lastIndexOf('default'));
    expect(lines.every((line) => line === line.trimEnd())).toBe(true);
  });
});

describe('argument parsing', () => {
  it.each([
    ['192.0.2.1', { ip: '192.0.2.1' }],
    ['2001:db8::1', { ip: '2001:db8::1' }],
    ['example.com', { host: 'example.com' }],
    ['1', { host: '1' }],
    ['10.1', { host: '10.1' }],
  ])('resolve --dst %s', (dst, destination) => {
    expect(whatIfRequest({ dst }).destination).toEqual(destination);
  });

  it.each([
    ['auto', { auto: true }],
    ['AUTO', { auto: true }],
    ['51.5, -0.12', { lat: 51.5, lon: -0.12 }],
    ['LHR', { query: 'LHR' }],
    [' New York ', { query: 'New York' }],
  ])('location %s', (query, request) => {
    expect(locationRequest(query)).toEqual(request);
  });
});
