import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCharacterLeaks } from '../support/control-character-leaks.js';
import { call, type Json, startTestApi, type TestApi, tempDir } from './helpers.js';

/**
 * Every string a client can send must refuse control characters, so that what is stored is
 * exactly what was validated (a NUL once let "vnet-London\0x" past the uniqueness check and
 * read back as a second "vnet-London"). Proven on the OpenAPI document, which is generated from
 * the request schemas themselves: a new bare `z.string()` field fails here.
 */

const tmp = tempDir();
let t: TestApi;
let doc: Json;
beforeAll(async () => {
  t = await startTestApi(tmp.dir);
  doc = (await call(t.api.url, 'GET', '/client/v4/openapi.json')).json;
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

const leaks = (node: Json, where: string) =>
  controlCharacterLeaks(node, where, (ref) => doc.components.schemas[ref.split('/').pop() ?? '']);

describe('request strings', () => {
  it('every body and query string of every operation refuses control characters', () => {
    const found: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        for (const parameter of op.parameters ?? []) {
          if (parameter.in !== 'query') continue;
          checked++;
          found.push(...leaks(parameter.schema, `${name} query.${parameter.name}`));
        }
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body) {
          checked++;
          found.push(...leaks(body, `${name} body`));
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(found).toEqual([]);
  });
});
