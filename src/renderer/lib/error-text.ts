import { AgentErrorBody } from '../../shared/agent/errors.js';
import { errorMessage } from '../../shared/text/error-message.js';

type CodedError = AgentErrorBody['error'];

// An AgentError keeps its class only within one JavaScript realm; across IPC or HTTP it arrives
// as a plain object or an Error with a `code`, so recognise the contract's shape, not the class.
function asCoded(error: unknown): CodedError | null {
  const parsed = AgentErrorBody.shape.error.safeParse(error);
  return parsed.success ? parsed.data : null;
}

/** True for the error a newer request causes to an older one: nothing to tell the user. */
export function isSuperseded(error: unknown): boolean {
  return asCoded(error)?.code === 'superseded';
}

// A message that opens with a program or a name ("warp-cli …", "vnet-London …") keeps its case.
const OPENS_WITH_NAME = /^[a-z0-9]+[-_./]/;

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = OPENS_WITH_NAME.test(trimmed)
    ? trimmed
    : trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * Why the page cannot reach its agent (before any snapshot), for the banner under "Can't reach
 * the agent at …": what to do about it, not the transport's wording.
 */
export function describeLinkProblem(error: unknown): string {
  const code = asCoded(error)?.code;
  if (code === 'agent_unreachable' || error instanceof TypeError) {
    return 'Nothing answers there. Is the agent running? npm run start:web starts one.';
  }
  if (code === 'unauthorized') {
    return 'It refused this page’s token. Open the address the agent printed again.';
  }
  return describeError(error) ?? 'The connection failed.';
}

/**
 * What went wrong, for people, in one or two sentences: the agent's own message (it names the
 * thing) framed by what the user can do about it. Null for a superseded request.
 */
export function describeError(error: unknown, action?: string): string | null {
  const coded = asCoded(error);
  const prefix = action ? `Couldn't ${action}: ` : '';
  if (coded) {
    switch (coded.code) {
      case 'superseded':
        return null;
      case 'not_found': {
        const hint =
          coded.suggestions && coded.suggestions.length > 0
            ? ` Did you mean ${coded.suggestions.slice(0, 3).join(', ')}?`
            : '';
        return `${prefix}${sentence(coded.message)}${hint}`;
      }
      case 'control_api_unreachable':
        return `${prefix}the control API can't be reached (${coded.message}). The agent keeps retrying; try again once it is back.`;
      // The agent's message already names who refused (the control API, or warp-cli and the
      // WARP client in that mode), so it is relayed, not framed a second time.
      case 'control_api_error':
        return `${prefix}${sentence(coded.message)}`;
      case 'not_enrolled':
        return `${prefix}this device isn't enrolled yet. Check the control API in Settings.`;
      case 'invalid_request':
        return `${prefix}${sentence(coded.message)}`;
      case 'internal':
        return `${prefix}the agent hit an internal error: ${sentence(coded.message)}`;
      case 'agent_unreachable':
        return `${prefix}the agent isn't answering. ${sentence(coded.message)}`;
      case 'agent_not_answering':
        return `${prefix}the agent took the request but gave no answer in time; it may be busy or hung. Try again, or restart it.`;
      case 'unauthorized':
        return `${prefix}the agent refused this window: ${sentence(coded.message)} Reopen it with the URL the agent printed.`;
    }
  }
  if (error instanceof TypeError) {
    return `${prefix}the agent isn't answering (${error.message}). Is it still running?`;
  }
  return `${prefix}${sentence(errorMessage(error))}`;
}
