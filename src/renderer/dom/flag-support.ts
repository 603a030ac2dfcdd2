let cached: boolean | undefined;

/**
 * Whether this system draws flag emoji in colour. Windows and Linux without a colour emoji font
 * draw two boxed letters instead, which reads worse than the plain country code we fall back to.
 */
export function canDrawFlagEmoji(): boolean {
  if (cached !== undefined) return cached;
  cached = false;
  try {
    const canvas = document.createElement('canvas');
    canvas.width = 20;
    canvas.height = 20;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return cached;
    context.font = '16px "Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif';
    context.textBaseline = 'top';
    context.fillText('\u{1F1EC}\u{1F1E7}', 0, 0);
    const pixels = context.getImageData(0, 0, 20, 20).data;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r = 0, g = 0, b = 0, a = 0] = pixels.subarray(i, i + 4);
      if (a > 0 && (Math.abs(r - g) > 16 || Math.abs(g - b) > 16)) {
        cached = true;
        break;
      }
    }
  } catch {
    // No canvas (or a locked-down one): the text fallback is always legible.
  }
  return cached;
}
