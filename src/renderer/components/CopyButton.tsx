import { useEffect, useState } from 'react';
import { copyText } from '../dom/clipboard.js';
import { Icon } from './Icon.js';

interface Props {
  text: string;
  /** What is copied, for the accessible name: "IPv4 address". */
  what: string;
  onCopied?: (message: string) => void;
}

/** Copies `text`, then says so for a moment (and tells screen readers through `onCopied`). */
export function CopyButton({ text, what, onCopied }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 1600);
    return () => window.clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    const ok = await copyText(text);
    setState(ok ? 'copied' : 'failed');
    onCopied?.(ok ? `Copied ${text}` : `Couldn't copy ${text}; select it and copy by hand.`);
  };
  return (
    <button
      type="button"
      className={`copy-button copy-button--${state}`}
      onClick={copy}
      aria-label={`Copy ${what} ${text}`}
      title={`Copy ${what}`}
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} />
      <span className="copy-button__label" aria-hidden="true">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Failed' : 'Copy'}
      </span>
    </button>
  );
}
