/**
 * Where the popover opens: next to the tray icon, on the side facing away from the bar the icon
 * sits in, kept inside the work area of the display holding the icon. Trays that report no
 * bounds (most Linux StatusNotifier hosts) get a standalone position in a corner of the primary
 * display's work area instead. Pure, so every layout is tested without a screen.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface DisplayArea {
  /** The whole display, in screen coordinates (may be negative left of / above the primary). */
  bounds: Rect;
  /** The display minus task bars, docks and menu bars. */
  workArea: Rect;
}

export type TrayEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PopoverPlacementInput {
  /** `tray.getBounds()`; null or an empty rectangle when the platform does not tell. */
  trayBounds: Rect | null;
  displays: readonly DisplayArea[];
  /** Index into `displays` of the primary display. */
  primaryIndex: number;
  window: Size;
  platform: string;
  /** Gap between the popover and the tray or the work-area edge. */
  margin?: number;
}

export interface PopoverPlacement {
  x: number;
  y: number;
  /** `tray`: next to the icon; `standalone`: a corner, because the tray gave no bounds. */
  anchor: 'tray' | 'standalone';
  edge: TrayEdge;
}

const DEFAULT_MARGIN = 8;

export function hasBounds(rect: Rect | null): rect is Rect {
  return rect !== null && rect.width > 0 && rect.height > 0;
}

function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}

function distanceSquared(rect: Rect, x: number, y: number): number {
  const dx = Math.max(rect.x - x, 0, x - (rect.x + rect.width));
  const dy = Math.max(rect.y - y, 0, y - (rect.y + rect.height));
  return dx * dx + dy * dy;
}

/** The display containing the point, else the nearest one (a tray can sit on a display edge). */
export function displayAt(
  displays: readonly DisplayArea[],
  x: number,
  y: number,
): DisplayArea | undefined {
  const inside = displays.find((display) => contains(display.bounds, x, y));
  if (inside) return inside;
  let best: DisplayArea | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const display of displays) {
    const distance = distanceSquared(display.bounds, x, y);
    if (distance < bestDistance) {
      best = display;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Which screen edge the tray's bar hugs. The work area tells first (the bar takes space from
 * one side); an auto-hidden bar takes none, so then the edge nearest the icon decides.
 */
export function trayEdge(display: DisplayArea, tray: Rect): TrayEdge {
  const { bounds, workArea } = display;
  const cx = tray.x + tray.width / 2;
  const cy = tray.y + tray.height / 2;
  const reserved: Record<TrayEdge, number> = {
    top: workArea.y - bounds.y,
    bottom: bounds.y + bounds.height - (workArea.y + workArea.height),
    left: workArea.x - bounds.x,
    right: bounds.x + bounds.width - (workArea.x + workArea.width),
  };
  const inBar: Record<TrayEdge, boolean> = {
    top: reserved.top > 0 && cy < workArea.y,
    bottom: reserved.bottom > 0 && cy >= workArea.y + workArea.height,
    left: reserved.left > 0 && cx < workArea.x,
    right: reserved.right > 0 && cx >= workArea.x + workArea.width,
  };
  const fromWorkArea = (Object.keys(inBar) as TrayEdge[]).find((edge) => inBar[edge]);
  if (fromWorkArea) return fromWorkArea;
  const distance: Record<TrayEdge, number> = {
    top: cy - bounds.y,
    bottom: bounds.y + bounds.height - cy,
    left: cx - bounds.x,
    right: bounds.x + bounds.width - cx,
  };
  return (Object.keys(distance) as TrayEdge[]).reduce((a, b) =>
    distance[b] < distance[a] ? b : a,
  );
}

/** Keeps [start, start + size) inside [min, min + span), preferring the low edge when too big. */
function clampAxis(start: number, size: number, min: number, span: number, margin: number): number {
  const low = min + margin;
  const high = min + span - margin - size;
  if (high < low) return min + Math.max(0, Math.floor((span - size) / 2));
  return Math.min(Math.max(start, low), high);
}

function clampToWorkArea(x: number, y: number, window: Size, area: Rect, margin: number) {
  return {
    x: Math.round(clampAxis(x, window.width, area.x, area.width, margin)),
    y: Math.round(clampAxis(y, window.height, area.y, area.height, margin)),
  };
}

function standalonePlacement(input: PopoverPlacementInput, margin: number): PopoverPlacement {
  const display = input.displays[input.primaryIndex] ?? input.displays[0];
  if (!display) throw new Error('no display to place the popover on');
  const area = display.workArea;
  // Windows keeps its tray bottom-right; desktops without tray bounds mostly have a top bar.
  const edge: TrayEdge = input.platform === 'win32' ? 'bottom' : 'top';
  const x = area.x + area.width - input.window.width - margin;
  const y = edge === 'top' ? area.y + margin : area.y + area.height - input.window.height - margin;
  return { ...clampToWorkArea(x, y, input.window, area, margin), anchor: 'standalone', edge };
}

export function popoverPosition(input: PopoverPlacementInput): PopoverPlacement {
  const margin = input.margin ?? DEFAULT_MARGIN;
  const tray = input.trayBounds;
  if (!hasBounds(tray)) return standalonePlacement(input, margin);
  const cx = tray.x + tray.width / 2;
  const cy = tray.y + tray.height / 2;
  const display = displayAt(input.displays, cx, cy);
  if (!display) throw new Error('no display to place the popover on');
  // The macOS menu bar is always on top, whatever the work area suggests.
  const edge = input.platform === 'darwin' ? 'top' : trayEdge(display, tray);
  const { width, height } = input.window;
  const gap = margin;
  let x: number;
  let y: number;
  switch (edge) {
    case 'top':
      x = cx - width / 2;
      y = tray.y + tray.height + gap;
      break;
    case 'bottom':
      x = cx - width / 2;
      y = tray.y - height - gap;
      break;
    case 'left':
      x = tray.x + tray.width + gap;
      y = cy - height / 2;
      break;
    case 'right':
      x = tray.x - width - gap;
      y = cy - height / 2;
      break;
  }
  return { ...clampToWorkArea(x, y, input.window, display.workArea, margin), anchor: 'tray', edge };
}
