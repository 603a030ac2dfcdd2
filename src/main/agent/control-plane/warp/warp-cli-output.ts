import * as z from 'zod';

/**
 * What `warp-cli` prints, read into one shape whichever form it used: the `--json` answers of
 * 2024.9+ first, the plain text that older clients and community scripts rely on as a fallback
 * (facts §5/§5a). Pure functions, so the benchmark can time them.
 */

export interface WarpVnet {
  id: string;
  name: string;
  description: string;
  default: boolean;
}

export interface WarpVnetList {
  activeVnetId: string | null;
  vnets: WarpVnet[];
}

/** `Connected`, `Disconnected`, `Connecting`, `Unable`, …; `reason` flattened to text. */
export interface WarpStatus {
  status: string;
  reason: string | null;
}

export interface WarpRegistration {
  deviceId: string | null;
  accountId: string | null;
  organization: string | null;
  email: string | null;
}

const VnetJson = z.object({
  active_vnet_id: z.string().nullable().optional(),
  virtual_networks: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string().nullable().optional(),
        default: z.boolean().optional(),
      }),
    )
    .default([]),
});

const StatusJson = z.object({
  status: z.string(),
  reason: z.unknown().optional(),
});

function jsonOf(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** `warp-cli --json vnet`, or its text form (`Currently selected:`, `ID:`, `Name:` …). */
export function parseVnetList(text: string): WarpVnetList | undefined {
  const parsed = VnetJson.safeParse(jsonOf(text));
  if (parsed.success) {
    return {
      activeVnetId: parsed.data.active_vnet_id ?? null,
      vnets: parsed.data.virtual_networks.map((vnet) => ({
        id: vnet.id,
        name: vnet.name,
        description: vnet.description ?? '',
        default: vnet.default ?? false,
      })),
    };
  }
  return parseVnetText(text);
}

function parseVnetText(text: string): WarpVnetList | undefined {
  let activeVnetId: string | null = null;
  let sawHeader = false;
  const vnets: WarpVnet[] = [];
  let current: WarpVnet | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'currently selected') {
      sawHeader = true;
      activeVnetId = value || null;
    } else if (key === 'id') {
      current = { id: value, name: value, description: '', default: false };
      vnets.push(current);
    } else if (current && key === 'name') current.name = value;
    else if (current && key === 'description') current.description = value;
    else if (current && key === 'default') current.default = value.toLowerCase() === 'true';
  }
  return sawHeader || vnets.length > 0 ? { activeVnetId, vnets } : undefined;
}

/** `reason` is a string in some versions, `{"ManualDisconnect":null}` in others. */
function reasonText(reason: unknown): string | null {
  if (reason === undefined || reason === null) return null;
  if (typeof reason === 'string') return reason;
  if (typeof reason === 'object') {
    const entries = Object.entries(reason as Record<string, unknown>);
    return entries
      .map(([key, value]) => (typeof value === 'string' ? `${key} (${value})` : key))
      .join(', ');
  }
  return String(reason);
}

/** `warp-cli --json status`, or `Status update: …` / `Reason: …` lines. */
export function parseStatus(text: string): WarpStatus | undefined {
  const parsed = StatusJson.safeParse(jsonOf(text));
  if (parsed.success) return { status: parsed.data.status, reason: reasonText(parsed.data.reason) };
  let status: string | undefined;
  let reason: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const update = /^status update:\s*(.+)$/i.exec(line);
    if (update?.[1]) status = update[1].trim();
    const because = /^reason:\s*(.+)$/i.exec(line);
    if (because?.[1]) reason = because[1].trim();
  }
  if (status === undefined) return undefined;
  // Older clients print the missing registration as the status itself.
  if (/registration missing/i.test(status)) return { status: 'Disconnected', reason: status };
  return { status, reason };
}

/** Whether a status means "no registration" (the user must enrol the device first). */
export function isRegistrationMissing(status: WarpStatus): boolean {
  return /registration\s*missing|missingregistration/i.test(`${status.status} ${status.reason}`);
}

const EMAIL_KEYS = ['user_email', 'email', 'user'];

/** `warp-cli registration show` (text `Key: value` lines, or a JSON object in newer clients). */
export function parseRegistration(text: string): WarpRegistration {
  const json = jsonOf(text);
  const fields = new Map<string, string>();
  if (json && typeof json === 'object') {
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      if (typeof value === 'string') fields.set(key.toLowerCase(), value);
    }
  } else {
    for (const raw of text.split(/\r?\n/)) {
      const colon = raw.indexOf(':');
      if (colon <= 0) continue;
      const key = raw.slice(0, colon).trim().toLowerCase().replace(/\s+/g, '_');
      fields.set(key, raw.slice(colon + 1).trim());
    }
  }
  const email = EMAIL_KEYS.map((key) => fields.get(key)).find((value) => value?.includes('@'));
  return {
    deviceId: fields.get('device_id') ?? fields.get('id') ?? null,
    accountId: fields.get('account_id') ?? null,
    organization: fields.get('organization') ?? null,
    email: email?.toLowerCase() ?? null,
  };
}

/** `{"status":"Success"}` or plain `Success`: anything else is a refusal. */
export function isSuccess(text: string): boolean {
  const json = jsonOf(text);
  if (json && typeof json === 'object') {
    return (json as { status?: unknown }).status === 'Success';
  }
  return text.trim() === 'Success';
}
