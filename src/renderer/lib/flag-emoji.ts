const REGIONAL_INDICATOR_A = 0x1f1e6;

/**
 * The flag emoji of an ISO 3166-1 alpha-2 code (two regional indicator symbols), or null for
 * anything that is not two ASCII letters. Whether the system can draw it is another matter: see
 * `useFlagEmojiSupport`, which falls back to the code as text.
 */
export function flagEmoji(countryCode: string | null | undefined): string | null {
  if (!countryCode || !/^[A-Za-z]{2}$/.test(countryCode)) return null;
  const upper = countryCode.toUpperCase();
  return String.fromCodePoint(
    REGIONAL_INDICATOR_A + upper.charCodeAt(0) - 65,
    REGIONAL_INDICATOR_A + upper.charCodeAt(1) - 65,
  );
}
