import type { ElectronBinary } from './electron-binary.mjs';

export declare function ensureElectronBinary(
  log?: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<ElectronBinary>;
