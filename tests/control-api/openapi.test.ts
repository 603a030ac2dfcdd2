import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json, startTestApi, type TestApi, tempDir } from './helpers.js';

const tmp = tempDir();
let t: TestApi;
let doc: Json;
beforeAll(async () => {
  t = await startTestApi(tmp.dir);
  const response = await call(t.api.url, 'GET', '/client/v4/openapi.json');
  expect(response.status).toBe(200);
  doc = response.json;
});
afterAll(async () => {
  await t.api.close();
  tmp.cleanup();
});

const A = '/client/v4/accounts/{account_id}';

describe('the OpenAPI document', () => {
  it('documents every route of DESIGN §2.1', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /client/v4/accounts',
        `POST ${A}/teamnet/virtual_networks`,
        `GET ${A}/teamnet/virtual_networks`,
        `GET ${A}/teamnet/virtual_networks/{vnet_id}`,
        `PATCH ${A}/teamnet/virtual_networks/{vnet_id}`,
        `DELETE ${A}/teamnet/virtual_networks/{vnet_id}`,
        `POST ${A}/gateway/rules`,
        `GET ${A}/gateway/rules`,
        `GET ${A}/gateway/rules/{rule_id}`,
        `PUT ${A}/gateway/rules/{rule_id}`,
        `DELETE ${A}/gateway/rules/{rule_id}`,
        `POST ${A}/gateway/egress_ips`,
        `PATCH ${A}/gateway/egress_ips/{egress_ip_id}`,
        `POST ${A}/devices`,
        `GET ${A}/devices/{device_id}/config`,
        `PATCH ${A}/devices/{device_id}`,
        `PUT ${A}/users/{email}`,
        `GET ${A}/users`,
        `POST ${A}/gateway/egress/resolve`,
        `GET ${A}/events`,
        'GET /cdn-cgi/trace',
        'GET /healthz',
        'GET /client/v4/openapi.json',
      ]),
    );
  });

  it('every $ref points at a component that exists', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(10);
    for (const [, name] of refs) expect(doc.components.schemas, name).toHaveProperty(name ?? '');
  });

  it('describes the shapes from the shared schemas', () => {
    const create = doc.paths[`${A}/teamnet/virtual_networks`].post;
    const body = create.requestBody.content['application/json'].schema;
    const schema = doc.components.schemas[body.$ref.split('/').pop()];
    expect(schema.properties.name.maxLength).toBe(256);
    expect(schema.required).toEqual(['name']);
    const resolve = doc.paths[`${A}/gateway/egress/resolve`].post;
    expect(resolve.responses['200'].content['application/json'].schema.properties.result.$ref).toBe(
      '#/components/schemas/ResolveResult',
    );
    expect(doc.components.schemas.ResolvedEgress.properties.kind.enum).toEqual([
      'dedicated',
      'shared',
      'unavailable',
    ]);
  });

  it('documents gateways, the probes’ fields and the device config with its 304', () => {
    const schemas = doc.components.schemas;
    expect(schemas.EgressIp.required).toEqual(
      expect.arrayContaining([
        'gateway',
        'status_source',
        'last_probe_at',
        'last_probe_error',
        'probe_rtt_ms',
      ]),
    );
    expect(schemas.EgressIpPatch.properties.status.enum).toEqual(['healthy', 'down', 'auto']);
    expect(Object.keys(schemas.GatewayInput.anyOf?.[0]?.properties ?? {})).toEqual([
      'proxy_url',
      'source_address',
    ]);
    const config = doc.paths[`${A}/devices/{device_id}/config`].get;
    expect(config.responses['200'].content['application/json'].schema.properties.result.$ref).toBe(
      '#/components/schemas/DeviceConfig',
    );
    expect(config.responses['304']).toEqual({
      description: expect.stringMatching(/^Not modified/),
    });
    expect(config.description).toMatch(/If-None-Match/);
    expect(schemas.DeviceConfig.required).toEqual(
      expect.arrayContaining(['config_version', 'vnet_id', 'identity', 'egress_ips', 'rules']),
    );
    expect(doc.paths['/cdn-cgi/trace'].get.description).toMatch(/mapped=source_address/);
  });
});
