import {
  type AgentApi,
  type AgentCommandName,
  AgentError,
  type CommandResponse,
  dispatchCommand,
} from '../../shared/agent/index.js';
import type { IpcOutcome } from '../../shared/agent/ipc-channels.js';

/**
 * Everything an IPC call goes through before the agent sees it, as a pure function of a
 * (possibly fake) event: the sender must be the popover's own top frame showing the app's page,
 * and the payload must parse with the command's zod schema. Types alone prove nothing about
 * what a compromised or navigated renderer sends.
 */

/** The parts of `IpcMainInvokeEvent` the guard reads. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: {
    url: string;
    routingId: number;
    processId: number;
    parent: unknown;
  } | null;
}

/** Who may call: the popover's WebContents, its main frame, on an app URL. */
export interface TrustedSender {
  webContentsId: number;
  mainFrame: { routingId: number; processId: number };
  isAppUrl(url: string): boolean;
}

/** Null when the sender is trusted, else why not (for the log; the caller learns less). */
export function senderProblem(
  event: InvokeEventLike,
  trusted: TrustedSender | null,
): string | null {
  if (!trusted) return 'no popover window is open';
  if (event.sender.id !== trusted.webContentsId) return 'sent by another WebContents';
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone (navigated or destroyed)';
  if (frame.parent !== null) return 'sent by a subframe';
  if (
    frame.routingId !== trusted.mainFrame.routingId ||
    frame.processId !== trusted.mainFrame.processId
  ) {
    return 'sent by a frame other than the popover main frame';
  }
  if (!trusted.isAppUrl(frame.url)) return `sent from an unexpected page (${frame.url})`;
  return null;
}

export const SENDER_REJECTED_MESSAGE = 'This window may not call the Egress Switcher agent.';

export interface AgentCallContext {
  agent: AgentApi;
  trusted: () => TrustedSender | null;
  /** Told about refused senders; a refusal is a security event, not a user error. */
  onRejectedSender?: (name: AgentCommandName, problem: string) => void;
}

/** The contract's mapping, so IPC and HTTP callers get the same body for the same failure. */
function failure(error: unknown): IpcOutcome<never> {
  return { ok: false, ...AgentError.from(error).toBody() };
}

/** Sender check → the contract's dispatcher (schema, then agent); every outcome is a value. */
export async function handleAgentCall<N extends AgentCommandName>(
  name: N,
  event: InvokeEventLike,
  payload: unknown,
  context: AgentCallContext,
): Promise<IpcOutcome<CommandResponse<N>>> {
  const problem = senderProblem(event, context.trusted());
  if (problem !== null) {
    context.onRejectedSender?.(name, problem);
    return failure(new AgentError('invalid_request', SENDER_REJECTED_MESSAGE));
  }
  try {
    return { ok: true, value: await dispatchCommand(context.agent, name, payload) };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Whether a URL is the app's own page: the packaged `app://egress/…` pages, or in development
 * the electron-vite dev server's origin. Anything else (a navigated frame, `file:`, another
 * host) is not.
 */
export function appUrlMatcher(entryUrl: string): (url: string) => boolean {
  const entry = new URL(entryUrl);
  return (url) => {
    let candidate: URL;
    try {
      candidate = new URL(url);
    } catch {
      return false;
    }
    return (
      candidate.protocol === entry.protocol &&
      candidate.host === entry.host &&
      candidate.username === '' &&
      candidate.password === ''
    );
  };
}
