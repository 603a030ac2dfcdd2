import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_RULES } from '../../src/control-api/seed/demo.js';
import { startControlApi } from '../../src/control-api/server.js';
import { openDatabase } from '../../src/control-api/store/database.js';
import { ErrorCode } from '../../src/shared/api/index.js';
import { call, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('a genuine server fault', () => {
  it('is a 500 with a generic message in the envelope, and a log line with the details', async () => {
    const file = join(tmp.dir, 'corrupt.db');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    // Seed a database, then corrupt a stored rule behind the API's back (as a bad migration or
    // a hand edit would): the server cannot compile its configuration any more.
    const first = await startControlApi({ db: file, adminToken: 'admin', logLevel: 'silent' });
    await first.close();
    const db = await openDatabase(file);
    db.prepare('UPDATE gateway_rules SET traffic = ? WHERE id = ?').run(
      'net.vnet_id ==',
      DEMO_RULES.london.id,
    );
    db.close();

    const api = await startControlApi({
      db: file,
      adminToken: 'admin',
      logger: pino({ level: 'error' }, sink),
    });
    try {
      const response = await call(
        api.url,
        'POST',
        `/client/v4/accounts/${api.accountId}/gateway/egress/resolve`,
        {
          token: 'admin',
          body: {},
        },
      );
      expect(response.status).toBe(500);
      expect(response.json).toEqual({
        success: false,
        errors: [{ code: ErrorCode.INTERNAL_ERROR, message: 'internal error; see the server log' }],
        messages: [],
        result: null,
      });
      expect(lines.join('')).toMatch(/unhandled error/);
    } finally {
      await api.close();
    }
  });
});
