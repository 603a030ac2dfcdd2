/**
 * Copies `text`; resolves true when it worked. The async Clipboard API first, then the older
 * selection-based copy, which still works where the permission is withheld.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const previouslyFocused = document.activeElement;
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.className = 'sr-only';
    document.body.append(field);
    field.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    field.remove();
    if (previouslyFocused instanceof HTMLElement) previouslyFocused.focus();
    return copied;
  }
}
