import { describe, expect, it } from 'vitest';
import {
  type DisplayArea,
  displayAt,
  popoverPosition,
  type Rect,
} from '../../src/main/electron/window-position.js';

const WINDOW = { width: 400, height: 640 };
const MARGIN = 8;

function display(
  x: number,
  y: number,
  width: number,
  height: number,
  reserve: Partial<Record<'top' | 'bottom' | 'left' | 'right', number>> = {},
): DisplayArea {
  const top = reserve.top ?? 0;
  const bottom = reserve.bottom ?? 0;
  const left = reserve.left ?? 0;
  const right = reserve.right ?? 0;
  return {
    bounds: { x, y, width, height },
    workArea: {
      x: x + left,
      y: y + top,
      width: width - left - right,
      height: height - top - bottom,
    },
  };
}

function inside(position: { x: number; y: number }, area: Rect): boolean {
  return (
    position.x >= area.x &&
    position.y >= area.y &&
    position.x + WINDOW.width <= area.x + area.width &&
    position.y + WINDOW.height <= area.y + area.height
  );
}

describe('popoverPosition', () => {
  it('opens below a macOS menu-bar icon, centred on it', () => {
    const screen = display(0, 0, 1440, 900, { top: 25 });
    const tray = { x: 1200, y: 0, width: 22, height: 25 };
    const p = popoverPosition({
      trayBounds: tray,
      displays: [screen],
      primaryIndex: 0,
      window: WINDOW,
      platform: 'darwin',
    });
    expect(p).toEqual({ x: 1211 - 200, y: 25 + MARGIN, anchor: 'tray', edge: 'top' });
  });

  it('opens above a bottom taskbar icon and is pushed left off the screen edge', () => {
    const screen = display(0, 0, 1920, 1080, { bottom: 40 });
    const tray = { x: 1880, y: 1048, width: 24, height: 24 };
    const p = popoverPosition({
      trayBounds: tray,
      displays: [screen],
      primaryIndex: 0,
      window: WINDOW,
      platform: 'win32',
    });
    expect(p.edge).toBe('bottom');
    // A margin above the bar (the work area ends at 1040), not merely above the icon.
    expect(p.y).toBe(1040 - 640 - MARGIN);
    expect(p.x).toBe(1920 - 400 - MARGIN);
    expect(inside(p, screen.workArea)).toBe(true);
  });

  it('opens beside a taskbar on the left or the right', () => {
    const left = display(0, 0, 1920, 1080, { left: 48 });
    const pl = popoverPosition({
      trayBounds: { x: 12, y: 1000, width: 24, height: 24 },
      displays: [left],
      primaryIndex: 0,
      window: WINDOW,
      platform: 'win32',
    });
    expect(pl.edge).toBe('left');
    expect(pl.x).toBe(48 + MARGIN);
    expect(pl.y).toBe(1080 - 640 - MARGIN);

    const right = display(0, 0, 1920, 1080, { right: 48 });
    const pr = popoverPosition({
      trayBounds: { x: 1884, y: 30, width: 24, height: 24 },
      displays: [right],
      primaryIndex: 0,
      window: WINDOW,
      platform: 'win32',
    });
    expect(pr.edge).toBe('right');
    expect(pr.x).toBe(1920 - 48 - 400 - MARGIN);
    expect(pr.y).toBe(MARGIN);
  });

  it('finds the edge of an auto-hidden bar from where the icon sits', () => {
    const screen = display(0, 0, 1920, 1080);
    const p = popoverPosition({
      trayBounds: { x: 1700, y: 1056, width: 24, height: 24 },
      displays: [screen],
      primaryIndex: 0,
      window: WINDOW,
      platform: 'win32',
    });
    expect(p.edge).toBe('bottom');
    expect(inside(p, screen.workArea)).toBe(true);
  });

  it('uses the display the tray is on, including ones at negative coordinates', () => {
    const primary = display(0, 0, 1920, 1080, { bottom: 40 });
    const leftOfPrimary = display(-1280, -200, 1280, 1024, { bottom: 40 });
    const above = display(0, -1440, 2560, 1440, { top: 30 });
    const displays = [primary, leftOfPrimary, above];

    const onLeft = popoverPosition({
      trayBounds: { x: -100, y: 794, width: 24, height: 24 },
      displays,
      primaryIndex: 0,
      window: WINDOW,
      platform: 'linux',
    });
    expect(onLeft.edge).toBe('bottom');
    expect(inside(onLeft, leftOfPrimary.workArea)).toBe(true);
    // Centred on the icon it would cross into the primary display: kept on its own.
    expect(onLeft.x).toBe(0 - 400 - MARGIN);

    const onTop = popoverPosition({
      trayBounds: { x: 2500, y: -1440, width: 24, height: 30 },
      displays,
      primaryIndex: 0,
      window: WINDOW,
      platform: 'linux',
    });
    expect(onTop.edge).toBe('top');
    expect(onTop.y).toBe(-1410 + MARGIN);
    expect(onTop.x).toBe(2560 - 400 - MARGIN);
    expect(inside(onTop, above.workArea)).toBe(true);
  });

  it('places a standalone window where the tray gives no bounds: top right of the primary work area', () => {
    const secondary = display(-1920, 0, 1920, 1080, { top: 32 });
    const primary = display(0, 0, 2560, 1440, { top: 32 });
    for (const trayBounds of [null, { x: 0, y: 0, width: 0, height: 0 }]) {
      const p = popoverPosition({
        trayBounds,
        displays: [secondary, primary],
        primaryIndex: 1,
        window: WINDOW,
        platform: 'linux',
      });
      expect(p).toEqual({
        x: 2560 - 400 - MARGIN,
        y: 32 + MARGIN,
        anchor: 'standalone',
        edge: 'top',
      });
    }
    const win = popoverPosition({
      trayBounds: null,
      displays: [primary],
      primaryIndex: 0,
      window: WINDOW,
      platform: 'win32',
    });
    expect(win).toEqual({
      x: 2560 - 400 - MARGIN,
      y: 1440 - 640 - MARGIN,
      anchor: 'standalone',
      edge: 'bottom',
    });
  });

  it('stays in the work area whatever the icon position (property)', () => {
    const displays = [
      display(0, 0, 1366, 768, { bottom: 30 }),
      display(1366, -300, 1080, 1920, { right: 40 }),
    ];
    for (let i = 0; i < 500; i += 1) {
      const which = displays[i % 2] as DisplayArea;
      const b = which.bounds;
      const tray = {
        x: b.x + ((i * 7919) % b.width),
        y: b.y + ((i * 104729) % b.height),
        width: 24,
        height: 24,
      };
      const p = popoverPosition({
        trayBounds: tray,
        displays,
        primaryIndex: 0,
        window: WINDOW,
        platform: 'linux',
      });
      const area = displayAt(displays, tray.x + 12, tray.y + 12)?.workArea as Rect;
      expect(inside(p, area)).toBe(true);
    }
  });

  it('centres a window larger than the work area rather than pushing it off-screen', () => {
    const tiny = display(0, 0, 800, 600, { top: 24 });
    const p = popoverPosition({
      trayBounds: { x: 700, y: 0, width: 24, height: 24 },
      displays: [tiny],
      primaryIndex: 0,
      window: WINDOW,
      platform: 'darwin',
    });
    expect(p.y).toBe(24);
    expect(p.x).toBeGreaterThanOrEqual(MARGIN);
  });
});

describe('displayAt', () => {
  it('falls back to the nearest display for a point between displays', () => {
    const a = display(0, 0, 100, 100);
    const b = display(300, 0, 100, 100);
    expect(displayAt([a, b], 120, 50)).toBe(a);
    expect(displayAt([a, b], 290, 50)).toBe(b);
    expect(displayAt([], 0, 0)).toBeUndefined();
  });
});
