import * as z from 'zod';
import { ErrorEnvelope, envelopeOf, listEnvelopeOf } from '../shared/api/index.js';
import type { OperationDoc } from './route-kit.js';

type JsonObject = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/**
 * JSON Schema of a zod schema with named sub-schemas (`.meta({id})`) hoisted into `defs` and
 * referenced as OpenAPI components.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output', defs: JsonObject): JsonObject {
  const raw = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  const json = JSON.parse(JSON.stringify(raw).replaceAll('"#/$defs/', `"${COMPONENTS}`));
  const { $schema: _schema, $defs, ...rest } = json as JsonObject & { $defs?: JsonObject };
  Object.assign(defs, $defs ?? {});
  return rest;
}

function toOpenApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, '{$1}');
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `${COMPONENTS}ErrorEnvelope` } } },
});

const ERROR_TEXT: Record<number, string> = {
  304: 'Not modified: the If-None-Match ETag is still current (no body)',
  400: 'Invalid request (the message names the field)',
  401: 'Missing or unknown token (code 10000)',
  403: 'The token may not do this (code 10000)',
  404: 'No such account or resource',
  409: 'Conflict with the current state',
  413: 'Body larger than the limit',
  503: 'Unavailable, saying why (the database does not answer: code 1016, x-should-retry true; or the egress is down)',
};

function operationObject(op: OperationDoc, defs: JsonObject): JsonObject {
  const parameters = [...op.url.matchAll(/:([A-Za-z_]+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (op.query) {
    const query = toSchema(op.query, 'input', defs) as {
      properties?: Record<string, JsonObject>;
    };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: false, schema: schema as never });
    }
  }
  const responses: JsonObject = {};
  if (op.result) {
    const envelope = op.list ? listEnvelopeOf(op.result) : envelopeOf(op.result);
    responses['200'] = {
      description: 'Success',
      content: { 'application/json': { schema: toSchema(envelope, 'output', defs) } },
    };
  } else {
    const type = op.produces ?? 'application/json';
    responses['200'] = { description: 'Success', content: { [type]: { schema: {} } } };
  }
  const statuses = new Set<number>(op.errors ?? []);
  if (op.body) statuses.add(400).add(413);
  // Every authenticated operation reads the database (its token, at least).
  if (op.access !== 'public') statuses.add(401).add(403).add(404).add(503);
  for (const status of [...statuses].sort()) {
    const text = ERROR_TEXT[status] ?? 'Error';
    responses[String(status)] = status < 400 ? { description: text } : errorResponse(text);
  }
  const operation: JsonObject = {
    tags: [op.tag],
    summary: op.summary,
    parameters,
    responses,
  };
  if (op.description) operation.description = op.description;
  if (op.access === 'public') operation.security = [];
  else if (op.access === 'admin') operation['x-requires'] = 'admin token';
  if (op.body) {
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: toSchema(op.body, 'input', defs) } },
    };
  }
  return operation;
}

/** The OpenAPI 3.1 document of every registered operation, from the shared zod schemas. */
export function buildOpenApiDocument(operations: readonly OperationDoc[]): JsonObject {
  const defs: JsonObject = {};
  defs.ErrorEnvelope = toSchema(ErrorEnvelope, 'output', defs);
  const paths: Record<string, JsonObject> = {};
  for (const op of operations) {
    const path = toOpenApiPath(op.url);
    paths[path] ??= {};
    (paths[path] as JsonObject)[op.method.toLowerCase()] = operationObject(op, defs);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Egress Switcher control API',
      version: '1.0.0',
      description:
        'A Cloudflare API v4 subset (teamnet/virtual_networks, gateway/rules for egress ' +
        'policies) plus extensions (egress IPs, devices, users, resolve, events, trace). ' +
        'Every JSON answer uses the envelope {success, errors, messages, result, result_info?}.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: defs,
    },
    paths,
  };
}
