import type { EgressSnapshot, Verification } from '../../../shared/agent/index.js';
import { apiPaths, type DeviceConfig } from '../../../shared/api/index.js';
import { errorMessage } from '../../../shared/text/error-message.js';
import { isoAt } from '../ports/clock.js';
import type { Session } from '../session/session.js';
import { compareObservation, failedVerification, parseObservation } from '../verification.js';
import { fetchThroughProxy } from './fetch-through-proxy.js';
import type { OperationDeps } from './operation-deps.js';

/** A trace is one small answer; a destination slower than this is reported, not waited for. */
const OBSERVE_TIMEOUT_MS = 10_000;

function headerOf(headers: Record<string, string | string[] | undefined>, name: string) {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The addresses a destination sees of the account's dedicated egress (see compareObservation). */
function dedicatedAddresses(config: DeviceConfig | undefined): Set<string> {
  const addresses = new Set<string>();
  for (const ip of config?.egress_ips ?? []) {
    addresses.add(ip.ipv4);
    if (ip.gateway && 'source_address' in ip.gateway) addresses.add(ip.gateway.source_address);
  }
  return addresses;
}

function isClosedUnderneath(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * Verification as an observation: fetches the verify URL (default: the control API's
 * `/cdn-cgi/trace`) through the local proxy, exactly as an application would, and compares the
 * address the destination saw with `expected`. The device token goes only to the control API's
 * own origin, never to a third-party verify URL.
 */
export async function observeThroughProxy(
  deps: OperationDeps,
  session: Session,
  expected: EgressSnapshot,
): Promise<Verification> {
  const checkedAt = isoAt(deps.clock);
  const proxy = deps.dataPlane.address;
  if (proxy === null) {
    const why = deps.state.model.proxy.error ?? 'it has not started yet';
    return failedVerification(expected, `the local proxy is not listening (${why})`, checkedAt);
  }
  try {
    await deps.dataPlane.catchUp(session, expected.config_version);
  } catch (error) {
    return failedVerification(
      expected,
      `the device config could not be read (${errorMessage(error)})`,
      checkedAt,
    );
  }
  const origin = session.deviceClient.origin;
  const url = new URL(deps.verifyUrl() ?? origin + apiPaths.trace());
  const ours = url.origin === origin;
  const via = { url: url.href, proxy: `${proxy.url.replace(/^http:\/\//, '')}` };
  const failed = (reason: string) => failedVerification(expected, reason, checkedAt, via);

  let answer: Awaited<ReturnType<typeof fetchThroughProxy>>;
  try {
    const headers: Record<string, string> = ours
      ? { authorization: `Bearer ${session.deviceToken}` }
      : {};
    answer = await fetchThroughProxy(url, proxy, headers, OBSERVE_TIMEOUT_MS).catch(
      async (first: unknown) => {
        // The proxy closes connections whose egress a config change moved (so clients reconnect
        // through the new one); a fetch caught in that moment is retried once, decided afresh.
        if (!isClosedUnderneath(first)) throw first;
        await deps.dataPlane.catchUp(session, expected.config_version);
        return fetchThroughProxy(url, proxy, headers, OBSERVE_TIMEOUT_MS);
      },
    );
  } catch (error) {
    const message = errorMessage(error);
    return failed(`${url.host} could not be fetched through the local proxy (${message})`);
  }
  const refused = headerOf(answer.headers, 'x-egress-refused');
  if (refused !== undefined) return failed(`the local proxy refused the connection: ${refused}`);
  if (headerOf(answer.headers, 'x-egress-error') !== undefined) {
    return failed(`the local proxy could not connect: ${answer.body.trim()}`);
  }
  if (ours && answer.status === 503) {
    return failed(`the control API reports the egress unavailable (${answer.body.trim()})`);
  }
  if (answer.status !== 200) return failed(`${url.host} answered HTTP ${answer.status}`);
  const observed = parseObservation(answer.body);
  if (observed === undefined) return failed(`${url.host}'s answer names no address`);
  return compareObservation(expected, observed, checkedAt, {
    via,
    strict: ours,
    dedicated: dedicatedAddresses(deps.dataPlane.router.config),
  });
}
