import { useEffect, useRef } from 'react';

interface GlobalKeys {
  /** `/` outside a text field. */
  onSlash: () => void;
  /** Esc that nothing closer handled; return true when it did something. */
  onEscape: () => boolean;
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
  );
}

/** The popover-wide shortcuts. Handlers may change every render; the listener is set once. */
export function useGlobalKeys(keys: GlobalKeys): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === '/' && !isTextEntry(event.target)) {
        event.preventDefault();
        latest.current.onSlash();
      } else if (event.key === 'Escape') {
        if (latest.current.onEscape()) event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
