import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type AgentCommandName, agentCommands } from '../../../src/shared/agent/index.js';
import { controlCharacterLeaks } from '../../support/control-character-leaks.js';

/**
 * The agent contract is an edge too (LocalAPI, Electron IPC): a vnet name, a search, a token or
 * a URL a front sends ends up in the settings file, the secret store or an HTTP header, so every
 * request string refuses control characters exactly as the control API's do.
 */
describe('agent contract request strings', () => {
  it('every request string of every command refuses control characters', () => {
    const found: string[] = [];
    for (const name of Object.keys(agentCommands) as AgentCommandName[]) {
      const json = z.toJSONSchema(agentCommands[name].request, {
        io: 'input',
        unrepresentable: 'any',
      }) as { $defs?: Record<string, unknown> };
      found.push(
        ...controlCharacterLeaks(json, name, (ref) => json.$defs?.[ref.split('/').pop() ?? '']),
      );
    }
    expect(found).toEqual([]);
  });

  it.each([
    ['switchVnet', { vnet: 'vnet-London\u0000x' }, 'vnet'],
    ['setFavourite', { vnet: 'vnet-\u001b[2JLondon', favourite: true }, 'vnet'],
    ['setLocation', { query: 'Lon\u0007don' }, 'query'],
    ['whatIf', { destination: {}, vnet_id: 'abc\u0000' }, 'vnet_id'],
    [
      'updateSettings',
      { control_api: { mode: 'remote', url: 'https://api.example.com', token: 'tok\nen' } },
      'control_api.token',
    ],
    [
      'updateSettings',
      { control_api: { mode: 'remote', url: 'https://api.exa\tmple.com', token: 'token' } },
      'control_api.url',
    ],
  ] as const)('%s refuses a control character in %j', (name, request, field) => {
    const parsed = agentCommands[name].request.safeParse(request);
    expect(parsed.success).toBe(false);
    const messages = parsed.error?.issues.flatMap((issue) => [
      `${issue.path.join('.')}: ${issue.message}`,
      ...('errors' in issue
        ? issue.errors
            .flat()
            .map((sub) => `${[...issue.path, ...sub.path].join('.')}: ${sub.message}`)
        : []),
    ]);
    expect(messages?.join('\n')).toMatch(
      new RegExp(`${field.replace('.', '\\.')}: .*control character`),
    );
  });
});
