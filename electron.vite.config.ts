import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * One build for the desktop app: the main process (agent core + shell + the local simulator's
 * utility process), the sandboxed preload, and the React popover. The renderer build is also
 * what the browser end-to-end tests serve.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/electron/main.ts'),
          simulator: resolve(root, 'src/main/electron/simulator-process.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require nothing but a few Electron modules: bundle zod in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // The out dir is outside the renderer root, where Vite would keep old hashed bundles; the
      // browser tests and the size benchmark must see only this build's files.
      emptyOutDir: true,
      // electron-vite leaves bundles unminified; the popover ships (and is measured) minified.
      minify: true,
      rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
  },
});
