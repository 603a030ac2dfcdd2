/** `at`: where the segment starts in the condition (a stable key). */
export type ConditionSegment =
  | { kind: 'text'; at: number; text: string }
  | { kind: 'vnet'; at: number; id: string; name: string };

const QUOTED_UUID = /"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/gi;

/**
 * A rule condition with the vnet ids it names shown as vnet names, so
 * `net.vnet_id == "de5e…02"` reads as `net.vnet_id == vnet-London`; unknown ids stay as written.
 */
export function conditionSegments(
  condition: string,
  vnets: readonly { id: string; name: string }[],
): ConditionSegment[] {
  const names = new Map(vnets.map((vnet) => [vnet.id.toLowerCase(), vnet.name]));
  const segments: ConditionSegment[] = [];
  let last = 0;
  for (const match of condition.matchAll(QUOTED_UUID)) {
    const id = match[1] ?? '';
    const name = names.get(id.toLowerCase());
    if (name === undefined) continue;
    const start = match.index ?? 0;
    if (start > last) segments.push({ kind: 'text', at: last, text: condition.slice(last, start) });
    segments.push({ kind: 'vnet', at: start, id, name });
    last = start + match[0].length;
  }
  if (last < condition.length)
    segments.push({ kind: 'text', at: last, text: condition.slice(last) });
  return segments;
}
