export declare const HOW_TO_GET_ELECTRON: string;

export type ElectronBinary =
  | { path: string; version: string }
  | { path: null; version: string; reason: string };

export declare function executableFor(platform: string): string;

export declare function electronPackage(): { root: string; version: string };

export declare function findElectronBinary(
  env?: Readonly<Record<string, string | undefined>>,
  platform?: string,
): ElectronBinary;
