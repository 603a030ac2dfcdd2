import * as z from 'zod';

/** Which front started the agent: the tray app, or `egressctl agent` (CI, containers, scripts). */
export const AgentFront = z.enum(['desktop_app', 'headless']);
export type AgentFront = z.infer<typeof AgentFront>;

/**
 * `GET /v1/health`: who answers on the socket. Served from the moment the socket is claimed,
 * before the agent has touched its settings, so a second agent (or `egressctl agent status`)
 * can name the running one: its pid, its front and its version.
 */
export const AgentHealth = z.object({
  status: z.literal('ok'),
  pid: z.int().positive(),
  front: AgentFront,
  version: z.string(),
  /** The socket or pipe it listens on (null when asked over loopback TCP only). */
  socket: z.string().nullable(),
});
export type AgentHealth = z.infer<typeof AgentHealth>;

const FRONT_LABELS: Record<AgentFront, string> = {
  desktop_app: 'desktop app',
  headless: 'headless (egressctl agent)',
};

/** "the desktop app" / "headless (egressctl agent)": how messages name a front. */
export function frontLabel(front: AgentFront): string {
  return FRONT_LABELS[front];
}

/** How a running agent is named in messages: "desktop app, pid 4242". */
export function describeRunningAgent(health: AgentHealth): string {
  return `${frontLabel(health.front)}, pid ${health.pid}`;
}
