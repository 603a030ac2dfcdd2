/**
 * Linux has no `app.setLoginItemSettings`: starting at login is an XDG autostart entry
 * (`~/.config/autostart/<name>.desktop`). Pure text, so the quoting is tested.
 */

export const HIDDEN_START_FLAG = '--hidden';
export const AUTOSTART_FILE = 'egress-switcher.desktop';

/**
 * One `Exec` argument per the Desktop Entry spec: arguments with reserved characters are double
 * quoted with `"`, `` ` ``, `$` and `\` backslash-escaped; `%` is doubled (field codes).
 */
export function quoteExecArgument(argument: string): string {
  const percent = argument.replaceAll('%', '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(percent)) return percent;
  return `"${percent.replace(/[\\"`$]/g, (char) => `\\${char}`)}"`;
}

/** The string-value escape of desktop files, applied after the quoting (so `\` becomes `\\`). */
function desktopString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

export function autostartDesktopEntry(command: readonly string[]): string {
  const exec = [...command, HIDDEN_START_FLAG].map(quoteExecArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Egress Switcher',
    'Comment=Switch and see where your traffic egresses',
    `Exec=${desktopString(exec)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
