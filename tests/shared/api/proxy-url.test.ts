import { describe, expect, it } from 'vitest';
import { GatewayInput, maskProxyUrl, parseProxyUrl } from '../../../src/shared/api/index.js';

describe('parseProxyUrl', () => {
  it('takes a SOCKS5 URL apart, decoding the credentials', () => {
    expect(parseProxyUrl('socks5://qa%40corp:p%3Ass@gw-lhr.example.com:1080')).toEqual({
      ok: true,
      value: {
        scheme: 'socks5',
        host: 'gw-lhr.example.com',
        port: 1080,
        username: 'qa@corp',
        password: 'p:ss',
      },
    });
    expect(parseProxyUrl('http://[2001:db8::7]:3128')).toEqual({
      ok: true,
      value: { scheme: 'http', host: '2001:db8::7', port: 3128 },
    });
    expect(parseProxyUrl('SOCKS5://198.51.100.7:1').ok).toBe(true);
  });

  it.each([
    ['https://gw:443', /unsupported scheme "https"/],
    ['socks4://gw:1080', /unsupported scheme/],
    ['gw:1080', /expected socks5:\/\//],
    ['socks5://gw', /port is missing/],
    ['socks5://gw:0', /outside 1–65535/],
    ['socks5://gw:65536', /outside 1–65535/],
    ['socks5://:1080', /host is missing/],
    ['socks5://999.1.1.1:1080', /not an IPv4 address/],
    ['socks5://gw_lhr:1080', /not a host name/],
    ['socks5://[::1:1080', /bracketed IPv6/],
    ['http://gw:3128/path', /nothing may follow/],
    ['socks5://u:%zz@gw:1080', /percent-encoding/],
    ['socks5://:pw@gw:1080', /user name .* is empty/],
  ])('refuses %s', (url, message) => {
    const parsed = parseProxyUrl(url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe('maskProxyUrl', () => {
  it('hides the password and nothing else', () => {
    expect(maskProxyUrl('socks5://qa:s3cret@gw:1080')).toBe('socks5://qa:***@gw:1080');
    expect(maskProxyUrl('http://qa:p@ss@gw:3128')).toBe('http://qa:***@gw:3128');
    expect(maskProxyUrl('socks5://qa@gw:1080')).toBe('socks5://qa@gw:1080');
    expect(maskProxyUrl('socks5://gw:1080')).toBe('socks5://gw:1080');
    expect(maskProxyUrl('http://[::1]:3128')).toBe('http://[::1]:3128');
  });
});

describe('GatewayInput', () => {
  it('names the field that is wrong', () => {
    const bad = GatewayInput.safeParse({ proxy_url: 'ftp://gw:21' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['proxy_url']);
    const address = GatewayInput.safeParse({ source_address: '127.1' });
    expect(address.error?.issues[0]?.path).toEqual(['source_address']);
  });

  it('takes exactly one of proxy_url and source_address, or null', () => {
    expect(GatewayInput.safeParse(null).success).toBe(true);
    expect(GatewayInput.safeParse({ source_address: '127.0.0.11' }).success).toBe(true);
    expect(GatewayInput.safeParse({}).error?.issues[0]?.message).toMatch(/give proxy_url or/);
    expect(
      GatewayInput.safeParse({ proxy_url: 'socks5://gw:1', source_address: '127.0.0.1' }).error
        ?.issues[0]?.message,
    ).toMatch(/not both/);
    expect(GatewayInput.safeParse({ host: 'gw' }).success).toBe(false);
  });
});
