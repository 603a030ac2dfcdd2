import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseTraceText } from '../../../../shared/api/index.js';
import { errorMessage } from '../../../../shared/text/error-message.js';

/** Cloudflare's trace (facts §5) and its own "what is my IP" check (facts §4). */
export const DEFAULT_VERIFY_URLS = [
  'https://cloudflare.com/cdn-cgi/trace',
  'https://ipv4.icanhazip.com',
] as const;

/** What a destination saw: `ip=` always; `colo`/`loc`/`warp`/`gateway` when it is a trace. */
export interface Observed {
  url: string;
  fields: Record<string, string>;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** One GET over IPv4 only (the egress IPv4 is what is compared), with a deadline. */
function getText(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'GET',
        family: 4,
        timeout: timeoutMs,
        headers: { 'user-agent': 'egress-switcher' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > 64 * 1024) req.destroy(new Error('answer too large'));
        });
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 400) reject(new Error(`HTTP ${res.statusCode}`));
          else resolve(body);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

/** `key=value` trace lines, or the icanhazip form (just the address). */
export function readObservation(url: string, text: string): Observed | undefined {
  const trimmed = text.trim();
  if (IPV4.test(trimmed)) return { url, fields: { ip: trimmed } };
  const fields = parseTraceText(text);
  return fields.ip ? { url, fields } : undefined;
}

/**
 * Asks each URL in turn until one answers with an address. Throws with every URL's failure
 * when none does (a network that blocks them: the user can give another with --verify-url).
 */
export async function observeEgress(urls: readonly string[], timeoutMs = 8000): Promise<Observed> {
  const failures: string[] = [];
  for (const url of urls) {
    try {
      const observed = readObservation(url, await getText(url, timeoutMs));
      if (observed) return observed;
      failures.push(`${url}: the answer names no IP address`);
    } catch (error) {
      failures.push(`${url}: ${errorMessage(error)}`);
    }
  }
  throw new Error(`could not read the egress address (${failures.join('; ')})`);
}
