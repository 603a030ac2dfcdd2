import { describe, expect, it } from 'vitest';
import {
  egressSentence,
  placeText,
  unavailableReason,
  whyText,
} from '../../src/renderer/lib/egress-text.js';
import { flagEmoji } from '../../src/renderer/lib/flag-emoji.js';
import { offlineText, shortConnectionError } from '../../src/renderer/lib/status-text.js';
import {
  clockTime,
  durationText,
  secondsUntil,
  shortDateTime,
  timeAgo,
} from '../../src/shared/text/relative-time.js';
import { egress } from './snapshot-fixtures.js';

const NOW = Date.parse('2025-03-04T14:10:00.000Z');

describe('flagEmoji', () => {
  it('builds the regional-indicator pair of a country code, any case', () => {
    expect(flagEmoji('GB')).toBe('\u{1F1EC}\u{1F1E7}');
    expect(flagEmoji('nl')).toBe('\u{1F1F3}\u{1F1F1}');
  });
  it('gives null for anything that is not two letters', () => {
    for (const code of [null, undefined, '', 'G', 'GBR', '1A', 'É'])
      expect(flagEmoji(code)).toBeNull();
  });
});

describe('relative time', () => {
  it('rounds durations down to the unit people read', () => {
    expect(durationText(-5)).toBe('0 s');
    expect(durationText(59_999)).toBe('59 s');
    expect(durationText(3 * 60_000 + 59_000)).toBe('3 min');
    expect(durationText(47 * 3_600_000)).toBe('47 h');
    expect(durationText(3 * 86_400_000)).toBe('3 d');
  });
  it('says "just now" for fresh events and an age for older ones', () => {
    expect(timeAgo('2025-03-04T14:09:30.000Z', NOW)).toBe('just now');
    expect(timeAgo('2025-03-04T14:10:05.000Z', NOW)).toBe('just now');
    expect(timeAgo('2025-03-04T14:09:00.000Z', NOW)).toBe('1 min ago');
    expect(timeAgo('2025-03-04T14:08:00.000Z', NOW)).toBe('2 min ago');
    expect(timeAgo('2025-03-04T09:10:00.000Z', NOW)).toBe('5 h ago');
    expect(timeAgo('garbage', NOW)).toBe('at an unknown time');
  });
  it('counts down whole seconds and stops at zero', () => {
    expect(secondsUntil('2025-03-04T14:10:07.200Z', NOW)).toBe(8);
    expect(secondsUntil('2025-03-04T14:09:00.000Z', NOW)).toBe(0);
    expect(secondsUntil(null, NOW)).toBeNull();
    expect(secondsUntil('nope', NOW)).toBeNull();
  });
  it('formats clock times in the given locale, with the date only for other days', () => {
    const here = (iso: string) => clockTime(iso, 'en-GB');
    expect(here('2025-03-04T14:02:00.000Z')).toMatch(/^\d{2}:02$/);
    expect(shortDateTime('2025-03-04T14:02:00.000Z', NOW, 'en-GB')).toBe(
      here('2025-03-04T14:02:00.000Z'),
    );
    expect(shortDateTime('2025-02-27T12:00:00.000Z', NOW, 'en-GB')).toMatch(/^27 Feb, \d{2}:00$/);
    expect(clockTime('not a date')).toBe('not a date');
  });
});

describe('offline text', () => {
  const offline = {
    since: '2025-03-04T14:02:00.000Z',
    last_error: 'the control API at http://127.0.0.1:9/client/v4/x is unreachable (ECONNREFUSED)',
    attempt: 3,
    next_retry_at: '2025-03-04T14:10:08.000Z',
  };
  it('says since when and when the next retry is', () => {
    const text = offlineText(offline, NOW, 'en-GB');
    expect(text).toMatch(/^Control API unreachable since \d{2}:02 — retrying in 8 s$/);
    expect(offlineText({ ...offline, next_retry_at: '2025-03-04T14:00:00.000Z' }, NOW)).toMatch(
      /retrying now$/,
    );
    expect(offlineText({ ...offline, next_retry_at: null }, NOW)).not.toMatch(/retrying/);
  });
  it('turns socket error codes into words and keeps other messages', () => {
    expect(shortConnectionError(offline.last_error)).toBe('Connection refused (ECONNREFUSED).');
    expect(shortConnectionError('fetch failed: ETIMEDOUT')).toBe('Timed out (ETIMEDOUT).');
    expect(shortConnectionError('HTTP 502 from the proxy')).toBe('HTTP 502 from the proxy');
  });
});

describe('egress text', () => {
  it('names the place with the country spelled out', () => {
    expect(placeText(egress())).toBe('London, United Kingdom');
    expect(placeText(egress({ city: null, country: 'NL' }))).toBe('Netherlands');
    expect(placeText(egress({ city: null, country: null }))).toBeNull();
  });
  it('says why: the rule, nearest, or no dedicated IPs', () => {
    const rule = {
      type: 'rule' as const,
      rule: { id: 'r', name: 'Egress London', precedence: 1 },
      summary: 's',
    };
    expect(whyText(rule, egress())).toBe('via rule “Egress London”');
    expect(whyText(rule, egress({ kind: 'shared' }))).toBe(
      'via rule “Egress London”: shared egress',
    );
    expect(whyText({ type: 'nearest', summary: 's' }, egress())).toBe('nearest location to you');
    expect(whyText({ type: 'no_dedicated_ips', summary: 's' }, egress({ kind: 'shared' }))).toBe(
      'no dedicated IPs: shared egress',
    );
  });
  it('prefers the fallback reason for an unavailable egress', () => {
    const decided = { type: 'rule' as const, summary: 'rule Egress Dublin' };
    expect(unavailableReason(decided, { used: true, reason: 'DUB is down, no fallback' })).toBe(
      'DUB is down, no fallback',
    );
    expect(unavailableReason(decided, { used: false })).toBe('rule Egress Dublin');
    expect(egressSentence(egress({ kind: 'unavailable' }))).toBe('egress unavailable');
    expect(egressSentence(egress())).toBe('London, United Kingdom, 192.0.2.10');
  });
});
