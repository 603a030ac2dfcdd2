import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentDirs } from '../../src/main/agent/data-dirs.js';

describe('where the headless agent keeps its files', () => {
  it('uses the given directory, else EGRESS_SWITCHER_HOME, else per-user directories', () => {
    expect(agentDirs('/tmp/a', { EGRESS_SWITCHER_HOME: '/tmp/b' })).toEqual({
      config: join('/tmp/a', 'config'),
      data: join('/tmp/a', 'data'),
    });
    expect(agentDirs(undefined, { EGRESS_SWITCHER_HOME: '/tmp/b' }).config).toBe(
      join('/tmp/b', 'config'),
    );
    const platform = agentDirs(undefined, {});
    expect(platform.config).toMatch(/egress-switcher/);
    expect(platform.config).not.toMatch(/nodejs/);
    expect(platform.data).not.toBe(platform.config);
  });
});
