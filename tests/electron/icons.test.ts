import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allIcons, trayIconName } from '../../scripts/draw-icons.js';
import { TRAY_STATES } from '../../scripts/icons/glyphs.js';
import { decodePng, encodePng, type RgbaImage } from '../../scripts/icons/png.js';

const ASSETS = resolve(import.meta.dirname, '../../assets');
const icons = allIcons();

function committed(name: string): RgbaImage {
  return decodePng(readFileSync(resolve(ASSETS, name)));
}

/** Sum of per-pixel alpha differences, in whole-pixel units. */
function alphaDistance(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  for (let i = 3; i < a.data.length; i += 4)
    sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)) / 255;
  return sum;
}

describe('PNG codec', () => {
  it('round-trips pixels exactly', () => {
    const data = new Uint8Array(5 * 3 * 4).map((_, i) => (i * 37) % 256);
    const image = { width: 5, height: 3, data };
    expect(decodePng(encodePng(image))).toEqual(image);
  });

  it('rejects a damaged file', () => {
    const file = encodePng({ width: 1, height: 1, data: new Uint8Array([1, 2, 3, 4]) });
    file[20] = (file[20] ?? 0) ^ 0xff;
    expect(() => decodePng(file)).toThrow(/CRC/);
  });
});

describe('committed icons', () => {
  it('are exactly what scripts/draw-icons.ts draws (re-run it after changing a glyph)', () => {
    for (const [name, image] of icons) {
      const onDisk = committed(name);
      expect({ name, width: onDisk.width, height: onDisk.height }).toEqual({
        name,
        width: image.width,
        height: image.height,
      });
      expect(Buffer.from(onDisk.data).equals(Buffer.from(image.data)), name).toBe(true);
    }
  });

  it('have a 16 px, a 32 px (@2x) and a 512 px app icon', () => {
    expect(committed('tray-connectedTemplate.png').width).toBe(16);
    expect(committed('tray-connectedTemplate@2x.png').width).toBe(32);
    expect(committed('icon.png')).toMatchObject({ width: 512, height: 512 });
  });

  it('template images are black plus alpha only (macOS tints them)', () => {
    for (const state of TRAY_STATES) {
      for (const suffix of ['', '@2x']) {
        const image = committed(`${trayIconName(state, 'template')}${suffix}.png`);
        for (let i = 0; i < image.data.length; i += 4) {
          if ((image.data[i + 3] ?? 0) === 0) continue;
          expect([image.data[i], image.data[i + 1], image.data[i + 2]]).toEqual([0, 0, 0]);
        }
      }
    }
  });

  it('tell every state apart by shape alone at 16 px', () => {
    for (const variant of ['template', 'on-dark', 'on-light'] as const) {
      const images = TRAY_STATES.map((state) => committed(`${trayIconName(state, variant)}.png`));
      for (let i = 0; i < images.length; i += 1) {
        for (let j = i + 1; j < images.length; j += 1) {
          const distance = alphaDistance(images[i] as RgbaImage, images[j] as RgbaImage);
          // At least ~12 of 256 pixels differ fully in coverage.
          expect(distance, `${variant}: ${TRAY_STATES[i]} vs ${TRAY_STATES[j]}`).toBeGreaterThan(
            12,
          );
        }
      }
    }
  });

  it('draw something visible but leave a margin at 16 px', () => {
    for (const state of TRAY_STATES) {
      const image = committed(`${trayIconName(state, 'on-dark')}.png`);
      let covered = 0;
      for (let i = 3; i < image.data.length; i += 4) covered += (image.data[i] ?? 0) / 255;
      expect(covered).toBeGreaterThan(30);
      expect(covered).toBeLessThan(200);
    }
  });
});
