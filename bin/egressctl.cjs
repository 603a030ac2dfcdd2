#!/usr/bin/env node
// egressctl: runs the bundled CLI that `npm run build:node` writes to dist/cli/ (see
// scripts/build-cli.mjs), through a launcher that keeps a V8 code cache for it. CommonJS, like
// the bundle, so that Node starts it without setting up its ES module loader.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist', 'cli');
const launcher = join(dist, 'launcher.cjs');
const bundle = join(dist, 'egressctl.cjs');
if (!existsSync(launcher) || !existsSync(bundle)) {
  process.stderr.write('egressctl: not built yet; run `npm run build:node` first.\n');
  process.exit(1);
}
require(launcher).launch(bundle);
