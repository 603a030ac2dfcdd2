import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/**
 * Runs a CommonJS bundle with a V8 code cache, the way v8-compile-cache does: Node 20 has no
 * `module.enableCompileCache`, and only `vm.Script` takes `cachedData`. With a cache, V8 skips
 * parsing and compiling what an earlier run of the same command compiled.
 *
 * A cache file is only ever a hint. Its name carries the bundle's build hash, size and
 * modification time, the Node version and the architecture, so a rebuilt or edited bundle or
 * another Node never finds an old one. The file starts with a tag and the CRC-32 of the V8 data
 * after it, checked before V8 sees the data: release builds of V8 do not checksum code caches,
 * and damaged data can crash the process while it is read (Node 22's own compile cache checks a
 * CRC-32 for the same reason). V8 then checks its own format, version, flags and the source
 * length. Whatever fails a check is ignored: the bundle compiles from source and a fresh cache
 * replaces the file when the process exits. Writes are atomic (temp file, then rename).
 *
 * Using a file touches it; writing one removes the files of other builds (or Node versions) not
 * used for an hour. Two builds in use side by side (a global install and a checkout) therefore
 * keep a cache each instead of deleting each other's on every run.
 */

const PREFIX = 'egressctl-';
const SUFFIX = '.v8cache';
const TAG = Buffer.from('ESV8C001');
const HEADER_BYTES = TAG.length + 4;
const UNUSED_FOR_MS = 60 * 60 * 1000;

export type CodeCacheOutcome =
  /** Compiled from the cache. */
  | 'hit'
  /** No usable cache file (absent, unreadable, damaged); one is written at exit. */
  | 'miss'
  /** V8 refused the data (another V8 build, other flags); rewritten at exit. */
  | 'rejected'
  /** Caching turned off: compiled from source, nothing written. */
  | 'off';

export interface CodeCacheTarget {
  /** Where cache files live (created 0700 on first write). */
  dir: string;
  /** Which cache within the bundle's: each command compiles different code. */
  name: string;
}

/** What every cache file of this build of the bundle, on this Node, starts with. */
function versionPrefix(bundlePath: string, buildHash: string): string {
  const { size, mtimeMs } = statSync(bundlePath);
  const version = [buildHash.slice(0, 16), size, Math.trunc(mtimeMs), process.version];
  return `${PREFIX}${version.join('-')}-${process.arch}-`;
}

function readCache(file: string): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  if (raw.length <= HEADER_BYTES || !raw.subarray(0, TAG.length).equals(TAG)) return undefined;
  const data = raw.subarray(HEADER_BYTES);
  return crc32(data) === raw.readUInt32LE(TAG.length) ? data : undefined;
}

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Only the clean-up of unused caches reads the time.
  }
}

/** Best effort, private, atomic; drops other builds' caches that nothing used for a while. */
function writeCache(file: string, prefix: string, data: Buffer): void {
  const dir = dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const header = Buffer.alloc(HEADER_BYTES);
    TAG.copy(header);
    header.writeUInt32LE(crc32(data), TAG.length);
    writeFileSync(temp, Buffer.concat([header, data]), { mode: 0o600 });
    renameSync(temp, file);
    const unusedSince = Date.now() - UNUSED_FOR_MS;
    for (const entry of readdirSync(dir)) {
      const other = entry.startsWith(PREFIX) && entry.endsWith(SUFFIX) && !entry.startsWith(prefix);
      const path = join(dir, entry);
      if (other && statSync(path).mtimeMs < unusedSince) rmSync(path, { force: true });
    }
  } catch {
    // A cache is an optimisation: failing to write one must not change what the command does.
    rmSync(temp, { force: true });
  }
}

/**
 * Compiles `bundlePath` (CommonJS, built with hash `buildHash`) with the cache `target` names
 * (null: none) and runs it as the module it is, with its own `require`. Returns how the cache
 * was used.
 */
export function runWithCodeCache(
  bundlePath: string,
  buildHash: string,
  target: CodeCacheTarget | null,
): CodeCacheOutcome {
  const source = readFileSync(bundlePath, 'utf8');
  const prefix = target ? versionPrefix(bundlePath, buildHash) : null;
  const file = target && prefix ? join(target.dir, `${prefix}${target.name}${SUFFIX}`) : null;
  const cachedData = file ? readCache(file) : undefined;
  // The CommonJS wrapper on the first line, so line numbers in stack traces stay the bundle's.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
    { filename: bundlePath, ...(cachedData ? { cachedData } : {}) },
  );
  const outcome: CodeCacheOutcome =
    file === null ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  if (file !== null && outcome === 'hit') touch(file);
  if (file !== null && prefix !== null && outcome !== 'hit') {
    // Made at exit, the cache holds every function this run compiled, not only the top level.
    process.once('exit', () => {
      try {
        writeCache(file, prefix, script.createCachedData());
      } catch {
        // As in writeCache: never let the cache change how the process ends.
      }
    });
  }
  const module = { exports: {} as unknown, filename: bundlePath, id: bundlePath };
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(bundlePath),
    module,
    bundlePath,
    dirname(bundlePath),
  );
  return outcome;
}
