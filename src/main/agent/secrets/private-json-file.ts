import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type * as z from 'zod';

/**
 * A JSON file only the user can read (0600 in a 0700 directory), for secrets: the headless
 * store and Electron's encrypted store keep theirs this way.
 */

/** The file's contents; `empty` when it does not exist. A corrupt file is moved aside (and logged). */
export function readPrivateJson<T>(
  path: string,
  schema: z.ZodType<T>,
  empty: T,
  logger: Logger,
): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const aside = `${path}.corrupt-${Date.now()}`;
  renameSync(path, aside);
  logger.warn({ movedTo: aside }, `${path} was corrupt: moved it aside`);
  return empty;
}

/** Through a temp file and a rename, so a crash never leaves half a token. */
export function writePrivateJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(data)}\n`, { mode: 0o600 });
  // The mode above is filtered by the umask; make it exact.
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}
