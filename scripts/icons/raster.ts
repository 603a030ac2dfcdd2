import type { RgbaImage } from './png.js';

/**
 * A tiny vector rasteriser for icons: shapes are inside-tests in design units, coverage comes
 * from supersampling each pixel on an n×n grid, colours composite "over" in premultiplied form.
 * Enough for crisp, anti-aliased glyphs without a graphics library.
 */

export type Shape = (x: number, y: number) => boolean;
export type Rgba = readonly [number, number, number, number];
export type Paint = Rgba | ((x: number, y: number) => Rgba);

export function hex(value: string, alpha = 1): Rgba {
  const n = Number.parseInt(value.replace('#', ''), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, alpha];
}

export const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

export const ring =
  (cx: number, cy: number, r: number, width: number): Shape =>
  (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    return Math.abs(d - r) <= width / 2;
  };

/** An ellipse outline; the distance is measured along the ray from the centre (fine for icons). */
export const ellipseRing =
  (cx: number, cy: number, rx: number, ry: number, width: number): Shape =>
  (x, y) => {
    const dx = x - cx;
    const dy = y - cy;
    const len = Math.hypot(dx, dy);
    if (len === 0) return false;
    const cos = dx / len;
    const sin = dy / len;
    const edge = 1 / Math.sqrt((cos / rx) ** 2 + (sin / ry) ** 2);
    return Math.abs(len - edge) <= width / 2;
  };

/** A stroke with round caps. */
export const segment =
  (x1: number, y1: number, x2: number, y2: number, width: number): Shape =>
  (x, y) => {
    const vx = x2 - x1;
    const vy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((x - x1) * vx + (y - y1) * vy) / (vx * vx + vy * vy)));
    return Math.hypot(x - (x1 + t * vx), y - (y1 + t * vy)) <= width / 2;
  };

/** Degrees, y down (so -90 is the top); the arc runs clockwise from `from` to `to`. */
export const arc =
  (cx: number, cy: number, r: number, width: number, from: number, to: number): Shape =>
  (x, y) => {
    if (!ring(cx, cy, r, width)(x, y)) return false;
    const angle = (Math.atan2(y - cy, x - cx) * 180) / Math.PI;
    const span = (((to - from) % 360) + 360) % 360;
    const at = (((angle - from) % 360) + 360) % 360;
    return at <= span;
  };

export const polygon =
  (points: readonly (readonly [number, number])[]): Shape =>
  (x, y) => {
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
      const [xi, yi] = points[i] ?? [0, 0];
      const [xj, yj] = points[j] ?? [0, 0];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };

export const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };

export const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((shape) => shape(x, y));

export const intersect =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.every((shape) => shape(x, y));

export const subtract =
  (shape: Shape, hole: Shape): Shape =>
  (x, y) =>
    shape(x, y) && !hole(x, y);

/** An arrowhead: a triangle with its tip at `tip`, pointing along (dx, dy). */
export function arrowhead(
  tipX: number,
  tipY: number,
  dx: number,
  dy: number,
  length: number,
  width: number,
): Shape {
  const len = Math.hypot(dx, dy);
  const ux = dx / len;
  const uy = dy / len;
  const bx = tipX - ux * length;
  const by = tipY - uy * length;
  return polygon([
    [tipX, tipY],
    [bx - uy * (width / 2), by + ux * (width / 2)],
    [bx + uy * (width / 2), by - ux * (width / 2)],
  ]);
}

export class Canvas {
  readonly width: number;
  readonly height: number;
  /** Design units per pixel edge: a 16-unit design drawn at 32 px has scale 2. */
  readonly scale: number;
  readonly #samples: number;
  /** Premultiplied RGBA in 0..1. */
  readonly #pixels: Float64Array;

  constructor(width: number, height: number, scale: number, samples = 6) {
    this.width = width;
    this.height = height;
    this.scale = scale;
    this.#samples = samples;
    this.#pixels = new Float64Array(width * height * 4);
  }

  #coverage(shape: Shape, px: number, py: number): number {
    const n = this.#samples;
    let hits = 0;
    for (let i = 0; i < n; i += 1) {
      for (let j = 0; j < n; j += 1) {
        if (shape((px + (i + 0.5) / n) / this.scale, (py + (j + 0.5) / n) / this.scale)) hits += 1;
      }
    }
    return hits / (n * n);
  }

  fill(shape: Shape, paint: Paint): this {
    for (let py = 0; py < this.height; py += 1) {
      for (let px = 0; px < this.width; px += 1) {
        const coverage = this.#coverage(shape, px, py);
        if (coverage === 0) continue;
        const [r, g, b, a] =
          typeof paint === 'function'
            ? paint((px + 0.5) / this.scale, (py + 0.5) / this.scale)
            : paint;
        const alpha = a * coverage;
        const k = (py * this.width + px) * 4;
        const keep = 1 - alpha;
        this.#pixels[k] = (r / 255) * alpha + (this.#pixels[k] ?? 0) * keep;
        this.#pixels[k + 1] = (g / 255) * alpha + (this.#pixels[k + 1] ?? 0) * keep;
        this.#pixels[k + 2] = (b / 255) * alpha + (this.#pixels[k + 2] ?? 0) * keep;
        this.#pixels[k + 3] = alpha + (this.#pixels[k + 3] ?? 0) * keep;
      }
    }
    return this;
  }

  /** Clears what `shape` covers (partially at its edges): knock-outs and gaps. */
  erase(shape: Shape): this {
    for (let py = 0; py < this.height; py += 1) {
      for (let px = 0; px < this.width; px += 1) {
        const coverage = this.#coverage(shape, px, py);
        if (coverage === 0) continue;
        const k = (py * this.width + px) * 4;
        for (let c = 0; c < 4; c += 1)
          this.#pixels[k + c] = (this.#pixels[k + c] ?? 0) * (1 - coverage);
      }
    }
    return this;
  }

  toImage(): RgbaImage {
    const data = new Uint8Array(this.width * this.height * 4);
    for (let i = 0; i < this.width * this.height; i += 1) {
      const alpha = this.#pixels[i * 4 + 3] ?? 0;
      for (let c = 0; c < 3; c += 1) {
        const premultiplied = this.#pixels[i * 4 + c] ?? 0;
        data[i * 4 + c] = alpha > 0 ? Math.round(Math.min(1, premultiplied / alpha) * 255) : 0;
      }
      data[i * 4 + 3] = Math.round(Math.min(1, alpha) * 255);
    }
    return { width: this.width, height: this.height, data };
  }
}
