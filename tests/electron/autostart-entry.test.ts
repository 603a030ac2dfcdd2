import { describe, expect, it } from 'vitest';
import {
  autostartDesktopEntry,
  quoteExecArgument,
} from '../../src/main/electron/autostart-entry.js';

describe('autostartDesktopEntry', () => {
  it('starts the app hidden at login', () => {
    const entry = autostartDesktopEntry(['/opt/Egress Switcher/egress-switcher']);
    expect(entry).toContain('[Desktop Entry]\nType=Application\n');
    expect(entry).toContain('Exec="/opt/Egress Switcher/egress-switcher" --hidden\n');
  });

  it('quotes and escapes per the Desktop Entry spec', () => {
    expect(quoteExecArgument('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArgument('a b')).toBe('"a b"');
    expect(quoteExecArgument('say "hi" $HOME `x`')).toBe('"say \\"hi\\" \\$HOME \\`x\\`"');
    expect(quoteExecArgument('100%')).toBe('100%%');
    // The string-value escape doubles the backslashes the quoting introduced.
    expect(autostartDesktopEntry(['/a"b'])).toContain('Exec="/a\\\\"b" --hidden');
  });
});
