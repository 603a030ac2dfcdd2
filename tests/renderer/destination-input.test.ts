import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../src/renderer/lib/destination-input.js';

const ok = (text: string, port?: string) => {
  const parsed = parseDestination(text, port);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.destination;
};
const error = (text: string, port?: string) => {
  const parsed = parseDestination(text, port);
  if (parsed.ok) throw new Error(`expected an error for ${text}`);
  return parsed.error;
};

describe('parseDestination', () => {
  it('tells host names from IPs', () => {
    expect(ok('Example.COM')).toEqual({ host: 'example.com' });
    expect(ok('  api.example.com. ')).toEqual({ host: 'api.example.com' });
    expect(ok('198.51.100.7')).toEqual({ ip: '198.51.100.7' });
    expect(ok('2001:db8::1')).toEqual({ ip: '2001:db8::1' });
  });

  it('takes what people paste: URLs, host:port, [v6]:port', () => {
    expect(ok('https://example.com/login?x=1')).toEqual({ host: 'example.com', port: 443 });
    expect(ok('http://example.com:8080')).toEqual({ host: 'example.com', port: 8080 });
    expect(ok('http://[2001:db8::1]:8443/')).toEqual({ ip: '2001:db8::1', port: 8443 });
    expect(ok('[2001:db8::2]:22')).toEqual({ ip: '2001:db8::2', port: 22 });
    expect(ok('192.0.2.1:80')).toEqual({ ip: '192.0.2.1', port: 80 });
    expect(ok('db.internal.example:5432')).toEqual({ host: 'db.internal.example', port: 5432 });
  });

  it('lets the port field win over a port in the text', () => {
    expect(ok('example.com:8080', '443')).toEqual({ host: 'example.com', port: 443 });
    expect(ok('192.0.2.1', ' 53 ')).toEqual({ ip: '192.0.2.1', port: 53 });
  });

  it('says what is wrong', () => {
    expect(error('')).toMatch(/host name or an IP/);
    expect(error('not a host!')).toMatch(/neither a host name nor an IP/);
    expect(error('-bad-.example')).toMatch(/neither/);
    expect(error('999.1.1.1')).toMatch(/neither/);
    expect(error('example.com', '70000')).toMatch(/outside 1–65535/);
    expect(error('example.com', 'https')).toMatch(/not a port number/);
    expect(error('example.com', '0')).toMatch(/outside/);
    expect(error('http://exa mple.com')).toMatch(/not a valid URL/);
  });
});
