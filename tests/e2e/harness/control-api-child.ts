/**
 * The control API in its own process, as the desktop app runs its simulator (a utility process)
 * and as any remote one runs: `tsx control-api-child.ts <db> <adminToken>` prints one JSON line
 * `{url, accountId}` once listening, and stops on SIGTERM.
 */
import { startControlApi } from '../../../src/control-api/server.js';

const [db, adminToken] = process.argv.slice(2);
if (!db || !adminToken) {
  console.error('usage: control-api-child.ts <db> <adminToken>');
  process.exit(2);
}
const handle = await startControlApi({
  db,
  seed: 'demo',
  adminToken,
  adminTokenFile: null,
  logLevel: 'error',
});
console.log(JSON.stringify({ url: handle.url, accountId: handle.accountId }));
process.on('SIGTERM', () => {
  void handle.close().then(() => process.exit(0));
});
