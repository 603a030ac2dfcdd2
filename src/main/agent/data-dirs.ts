import { join } from 'node:path';
import envPaths from 'env-paths';

export interface AgentDirs {
  /** Settings and the secrets file. */
  config: string;
  /** The local simulator's database. */
  data: string;
}

/**
 * Where the headless agent keeps its files: `dataDir` if given, else `$EGRESS_SWITCHER_HOME`
 * (tests, CI), else the platform's per-user directories (env-paths).
 */
export function agentDirs(
  dataDir?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AgentDirs {
  const home = dataDir ?? env.EGRESS_SWITCHER_HOME;
  if (home) return { config: join(home, 'config'), data: join(home, 'data') };
  const paths = envPaths('egress-switcher', { suffix: '' });
  return { config: paths.config, data: paths.data };
}
