/**
 * Builds egressctl as bin/egressctl.cjs runs it (`npm run build:node` runs this after tsc):
 *
 * - dist/cli/egressctl.cjs: the whole CLI in one CommonJS file — commander, zod, the agent
 *   contract and every command. Modules the code imports dynamically (each command, the agent
 *   core) stay lazy: their top level runs only when imported. The agent core's CommonJS packages
 *   (Fastify, libsql, pino, ajv, …) are not bundled; `egressctl agent` requires them from
 *   node_modules when it starts. CommonJS because Node 20 can cache compiled code only for
 *   scripts (`vm.Script` with `cachedData`), not for ES modules.
 * - dist/cli/launcher.cjs: the launcher (src/cli/launcher), which runs that bundle with a V8 code
 *   cache in the user's cache directory.
 *
 * Both are CommonJS, as is the bin, so that a run never sets up Node's ES module loader.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const outDir = new URL('dist/cli/', root);

// What every command needs: bundled, so it loads as one file.
const alwaysBundled = new Set(['commander', 'zod', 'ipaddr.js']);

function packageJsonOf(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Every other package stays a `require()` at run time, except ES-module-only ones (conf,
 * env-paths and theirs): Node 20 can require() those, but the bundle would then see the module
 * namespace where the code expects the default export, so they are bundled (lazily run, like the
 * code that imports them).
 */
const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, ({ path, resolveDir }) => {
      if (path.startsWith('node:')) return { path, external: true };
      const name = path
        .split('/')
        .slice(0, path.startsWith('@') ? 2 : 1)
        .join('/');
      if (alwaysBundled.has(name)) return undefined;
      const pkg = packageJsonOf(name, resolveDir);
      const requirable =
        pkg !== null &&
        (pkg.type !== 'module' || JSON.stringify(pkg.exports ?? null).includes('"require"'));
      return requirable ? { path, external: true } : undefined;
    });
  },
};

const common = {
  absWorkingDir: fileURLToPath(root),
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
};

const bundle = await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/egressctl.cjs',
  format: 'cjs',
  plugins: [externalPackages],
  // import() of a package becomes require(): the bundle runs as a script, which has no loader.
  supported: { 'dynamic-import': false },
  // program.ts reads package.json relative to its own file; in CommonJS that is __filename.
  define: { 'import.meta.url': '__egressctl_url' },
  banner: { js: 'var __egressctl_url=require("node:url").pathToFileURL(__filename).href;' },
});
const bundleHash = createHash('sha256')
  .update(readFileSync(new URL('egressctl.cjs', outDir)))
  .digest('hex');
const launcher = await build({
  ...common,
  entryPoints: ['src/cli/launcher/launch.ts'],
  outfile: 'dist/cli/launcher.cjs',
  format: 'cjs',
  // Part of the code cache's key, so the launcher need not hash the bundle on every run.
  define: { EGRESSCTL_BUNDLE_SHA256: JSON.stringify(bundleHash) },
});
const results = [bundle, launcher];

const dynamicImports = Object.values(bundle.metafile.outputs)
  .flatMap((output) => output.imports)
  .filter((imported) => imported.kind === 'dynamic-import');
if (dynamicImports.length > 0) {
  throw new Error(`dist/cli/egressctl.cjs must not import(): ${JSON.stringify(dynamicImports)}`);
}

// Older builds (tsc emitted the CLI here as separate modules) must not linger next to the bundle.
const written = new Set(
  results
    .flatMap((result) => Object.keys(result.metafile.outputs))
    .map((file) => file.split('/').pop()),
);
for (const entry of readdirSync(outDir)) {
  if (!written.has(entry)) rmSync(new URL(entry, outDir), { recursive: true, force: true });
}
