import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  drawAppIcon,
  drawTrayIcon,
  TRAY_STATES,
  TRAY_VARIANTS,
  type TrayState,
  type TrayVariant,
} from './icons/glyphs.js';
import { encodePng, type RgbaImage } from './icons/png.js';

/**
 * Generates every icon in assets/ (nothing on this machine rasterises SVG): tray icons per state
 * and variant at 16 px (`name.png`) and 32 px (`name@2x.png`), and the 512 px app icon.
 * Run with `npx tsx scripts/draw-icons.ts`; the PNGs are committed, and a test checks they still
 * match this script's output.
 */

export function trayIconName(state: TrayState, variant: TrayVariant): string {
  return variant === 'template' ? `tray-${state}Template` : `tray-${state}-${variant}`;
}

export function allIcons(): Map<string, RgbaImage> {
  const icons = new Map<string, RgbaImage>();
  for (const state of TRAY_STATES) {
    for (const variant of TRAY_VARIANTS) {
      const name = trayIconName(state, variant);
      icons.set(`${name}.png`, drawTrayIcon(state, variant, 16));
      icons.set(`${name}@2x.png`, drawTrayIcon(state, variant, 32));
    }
  }
  icons.set('icon.png', drawAppIcon(512));
  return icons;
}

function main(): void {
  const dir = resolve(import.meta.dirname, '..', 'assets');
  mkdirSync(dir, { recursive: true });
  for (const [name, image] of allIcons()) {
    writeFileSync(join(dir, name), encodePng(image));
    console.log(`assets/${name} ${image.width}×${image.height}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
