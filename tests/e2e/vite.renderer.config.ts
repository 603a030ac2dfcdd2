import { defineConfig, type UserConfig } from 'vite';
import desktop from '../../electron.vite.config.js';

/**
 * Builds only the renderer, exactly as the desktop build does (the renderer section of
 * electron.vite.config.ts), without building main and preload: what the browser tests, the
 * benchmark and `npm run start:web` serve.
 */
const renderer = (desktop as { renderer?: UserConfig }).renderer;
if (!renderer) throw new Error('electron.vite.config.ts has no renderer section');

export default defineConfig({
  ...renderer,
  build: { ...renderer.build, emptyOutDir: true },
  logLevel: 'warn',
});
