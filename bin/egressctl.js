#!/usr/bin/env node
// egressctl: runs the compiled CLI (npm run build:node emits it to dist/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('egressctl: not built yet; run `npm run build:node` first.\n');
  process.exit(1);
}
await import(entry.href);
