import type { RgbaImage } from './png.js';
import {
  arc,
  arrowhead,
  Canvas,
  circle,
  ellipseRing,
  hex,
  intersect,
  type Rgba,
  ring,
  roundedRect,
  type Shape,
  segment,
  subtract,
  union,
} from './raster.js';

/**
 * The drawn icons. Tray glyphs are designed on a 16-unit grid (drawn at 16 and 32 px): a globe
 * for "where you egress", and one silhouette change per state so they differ even without
 * colour (macOS template images are black + alpha): connected = globe, switching = two chasing
 * arrows, offline = the globe faded and struck through, error = the globe with a "!" badge.
 */

export const TRAY_STATES = ['connected', 'switching', 'offline', 'error'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

/** `template`: black + alpha for macOS; `on-dark` / `on-light`: coloured, for that panel. */
export type TrayVariant = 'template' | 'on-dark' | 'on-light';
export const TRAY_VARIANTS: readonly TrayVariant[] = ['template', 'on-dark', 'on-light'];

interface Palette {
  ink: Rgba;
  faded: Rgba;
  ok: Rgba;
  busy: Rgba;
  bad: Rgba;
  /** The "!" inside the error badge. */
  onBadge: Rgba | null;
}

const PALETTES: Record<TrayVariant, Palette> = {
  template: {
    ink: hex('#000000'),
    faded: hex('#000000', 0.45),
    ok: hex('#000000'),
    busy: hex('#000000'),
    bad: hex('#000000'),
    onBadge: null,
  },
  'on-dark': {
    ink: hex('#f4f4f5'),
    faded: hex('#f4f4f5', 0.5),
    ok: hex('#4ade80'),
    busy: hex('#7cb8ff'),
    bad: hex('#ff6b6b'),
    onBadge: hex('#ffffff'),
  },
  'on-light': {
    ink: hex('#1f2328'),
    faded: hex('#1f2328', 0.5),
    ok: hex('#15803d'),
    busy: hex('#1d5fd6'),
    bad: hex('#c81e1e'),
    onBadge: hex('#ffffff'),
  },
};

/**
 * Geometry per output size. At 16 px, strokes are hinted onto pixel centres (a 1 px line on a
 * pixel boundary would render as two grey pixels); at 32 px the design grid is used as drawn.
 */
interface Geometry {
  c: number;
  r: number;
  ringWidth: number;
  lineWidth: number;
  meridianRx: number;
  badge: { x: number; y: number; r: number; gap: number };
}

const GEOMETRY_16: Geometry = {
  c: 7.5,
  r: 6.1,
  ringWidth: 1.3,
  lineWidth: 1,
  meridianRx: 3,
  badge: { x: 12.5, y: 12.5, r: 3.5, gap: 4.6 },
};

const GEOMETRY_32: Geometry = {
  c: 8,
  r: 6.1,
  ringWidth: 1.5,
  lineWidth: 1.2,
  meridianRx: 2.5,
  badge: { x: 12.1, y: 12.1, r: 3.7, gap: 4.9 },
};

function globe(g: Geometry): Shape {
  const inside = circle(g.c, g.c, g.r);
  return union(
    ring(g.c, g.c, g.r, g.ringWidth),
    intersect(inside, ellipseRing(g.c, g.c, g.meridianRx, g.r, g.lineWidth)),
    intersect(inside, segment(0, g.c, 16, g.c, g.lineWidth)),
  );
}

function drawConnected(canvas: Canvas, palette: Palette, variant: TrayVariant, g: Geometry): void {
  canvas.fill(globe(g), palette.ink);
  if (variant === 'template') return;
  canvas.erase(circle(g.badge.x, g.badge.y, g.badge.gap - 0.6));
  canvas.fill(circle(g.badge.x, g.badge.y, g.badge.r - 0.6), palette.ok);
}

function drawSwitching(canvas: Canvas, palette: Palette, g: Geometry): void {
  const C = g.c;
  const r = 5.4;
  const width = 1.7;
  const color = palette.busy;
  const radians = (deg: number) => (deg * Math.PI) / 180;
  const head = (deg: number) => {
    const x = C + r * Math.cos(radians(deg));
    const y = C + r * Math.sin(radians(deg));
    // Clockwise tangent in y-down coordinates.
    const dx = -Math.sin(radians(deg));
    const dy = Math.cos(radians(deg));
    return arrowhead(x + dx * 1.9, y + dy * 1.9, dx, dy, 3.6, 4.6);
  };
  canvas.fill(union(arc(C, C, r, width, -170, -25), head(-25)), color);
  canvas.fill(union(arc(C, C, r, width, 10, 155), head(155)), color);
}

function drawOffline(canvas: Canvas, palette: Palette, g: Geometry): void {
  canvas.fill(globe(g), palette.faded);
  canvas.erase(segment(2.2, 2.2, 13.8, 13.8, 3.9));
  canvas.fill(segment(2.4, 2.4, 13.6, 13.6, 1.7), palette.ink);
}

function drawError(canvas: Canvas, palette: Palette, g: Geometry): void {
  const { badge } = g;
  canvas.fill(globe(g), palette.ink);
  canvas.erase(circle(badge.x, badge.y, badge.gap));
  canvas.fill(circle(badge.x, badge.y, badge.r), palette.bad);
  const small = badge.r < 3.6;
  const mark = union(
    segment(badge.x, badge.y - 2.05, badge.x, badge.y + (small ? 0.15 : 0.35), small ? 1 : 1.3),
    circle(badge.x, badge.y + 1.75, small ? 0.6 : 0.72),
  );
  if (palette.onBadge) canvas.fill(mark, palette.onBadge);
  else canvas.erase(mark);
}

export function drawTrayIcon(state: TrayState, variant: TrayVariant, pixels: number): RgbaImage {
  const canvas = new Canvas(pixels, pixels, pixels / 16, pixels <= 16 ? 8 : 6);
  const palette = PALETTES[variant];
  const g = pixels <= 16 ? GEOMETRY_16 : GEOMETRY_32;
  if (state === 'connected') drawConnected(canvas, palette, variant, g);
  else if (state === 'switching') drawSwitching(canvas, palette, g);
  else if (state === 'offline') drawOffline(canvas, palette, g);
  else drawError(canvas, palette, g);
  return canvas.toImage();
}

/**
 * The application icon (512 px): a white globe on a deep blue tile, and an amber arrow leaving
 * it towards the top right — traffic egressing.
 */
export function drawAppIcon(pixels = 512): RgbaImage {
  const canvas = new Canvas(pixels, pixels, pixels / 512, 3);
  const top = hex('#1d4ed8');
  const bottom = hex('#0b1f4d');
  canvas.fill(roundedRect(40, 40, 472, 472, 104), (_x, y) => {
    const t = Math.min(1, Math.max(0, (y - 40) / 432));
    return [
      top[0] + (bottom[0] - top[0]) * t,
      top[1] + (bottom[1] - top[1]) * t,
      top[2] + (bottom[2] - top[2]) * t,
      1,
    ];
  });
  const cx = 232;
  const cy = 284;
  const r = 136;
  const inside = circle(cx, cy, r);
  const white = hex('#ffffff');
  const shaft = segment(cx + 40, cy - 40, 392, 124, 34);
  const head = arrowhead(420, 96, 1, -1, 92, 112);
  // The globe stops short of the arrow, so the arrow reads as leaving it.
  const gap = union(segment(cx + 40, cy - 40, 392, 124, 70), arrowhead(434, 82, 1, -1, 124, 156));
  const lines = union(
    ring(cx, cy, r, 24),
    intersect(inside, ellipseRing(cx, cy, 58, r, 18)),
    intersect(inside, segment(cx - r, cy, cx + r, cy, 18)),
    intersect(inside, segment(cx - r, cy - 68, cx + r, cy - 68, 14)),
    intersect(inside, segment(cx - r, cy + 68, cx + r, cy + 68, 14)),
  );
  canvas.fill(subtract(lines, gap), white);
  canvas.fill(union(shaft, head), hex('#fbbf24'));
  return canvas.toImage();
}
