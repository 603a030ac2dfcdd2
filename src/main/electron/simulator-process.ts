import { serveSimulator } from './simulator-service.js';

/**
 * Entry of the local simulator's utility process (see simulator-service.ts). Kept out of the
 * main process so a busy or crashed simulator never freezes the tray.
 */
const port = process.parentPort;
if (!port) throw new Error('simulator-process must run in an Electron utility process');

const stop = serveSimulator(port, (code) => process.exit(code));
process.on('SIGTERM', () => void stop());
