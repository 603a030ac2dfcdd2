import { randomUUID } from 'node:crypto';

/** Time and ids in one place, so every record of one change shares its timestamp. */
export const now = (): string => new Date().toISOString();
export const newId = (): string => randomUUID();
