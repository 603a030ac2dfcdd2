import { readFileSync } from 'node:fs';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output/schemas.js';
import { runningLabel, sleep, socketOccupant } from './agent-running.js';

/** Gone, or a zombie nobody has reaped yet (a detached agent's parent is init, or not even that). */
function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  if (process.platform !== 'linux') return false;
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; the name may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/**
 * `egressctl agent stop`: SIGTERM to the pid the agent's health check names, then waits (up to
 * --timeout) until the process has exited and it no longer answers on the socket: the agent saves
 * and stops its simulator before it gives up the socket, so once this returns nothing of it
 * remains.
 * Nothing running is not a failure (exit 0, and it says so).
 */
export async function runAgentStop(ctx: CliContext): Promise<ExitCode> {
  const occupant = await socketOccupant(ctx);
  const report = (wasRunning: boolean, pid: number | null, text: string) => {
    if (ctx.json) {
      const output: Output<'agent-stop'> = {
        schema: 'egressctl/agent-stop@1',
        was_running: wasRunning,
        pid,
        socket: ctx.socketPath,
      };
      ctx.printJson(output);
    } else {
      ctx.print(text);
    }
    return ExitCode.ok;
  };
  if (!occupant.running) {
    return report(
      false,
      null,
      `No Egress Switcher agent is running (nothing answers on ${ctx.socketPath}); nothing to stop.`,
    );
  }
  const health = occupant.health;
  if (health === null) {
    throw new CliError(
      ExitCode.internal,
      'not_stoppable',
      `Something answers on ${ctx.socketPath} but does not say which process it is ` +
        `(${occupant.problem}); stop it by hand.`,
    );
  }
  if (health.front === 'desktop_app') {
    throw new CliError(
      ExitCode.internal,
      'not_stoppable',
      `The agent on ${ctx.socketPath} is the desktop app's (pid ${health.pid}); ` +
        'quit the app from its tray menu to stop it.',
    );
  }
  try {
    process.kill(health.pid, 'SIGTERM');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    // Another agent (the desktop app taking over) may answer there next: this one is gone.
    const now = exited(health.pid) ? await socketOccupant(ctx, 1000) : null;
    if (now !== null && (!now.running || (now.health !== null && now.health.pid !== health.pid))) {
      break;
    }
    if (Date.now() > deadline) {
      throw new CliError(
        ExitCode.internal,
        'stop_timeout',
        `The agent (${runningLabel(occupant)}) was asked to stop but is still running after ` +
          `${ctx.timeoutMs / 1000} s; wait longer with --timeout, or end it with ` +
          `kill -KILL ${health.pid} (it will not save its settings).`,
      );
    }
    await sleep(50);
  }
  return report(true, health.pid, `Stopped the Egress Switcher agent (pid ${health.pid}).`);
}
