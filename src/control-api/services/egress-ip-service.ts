import {
  type EgressIpCreate,
  type EgressIpPatch,
  type EgressIpStatus,
  type EgressIpStatusInput,
  type EgressIpStatusSource,
  ErrorCode,
  type Gateway,
  type GatewayInput,
  SHARED_EGRESS_FALLBACK,
} from '../../shared/api/index.js';
import { findDataCenter } from '../../shared/geo/index.js';
import { newId, now } from '../clock.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import type { StoredEgressIp } from '../store/egress-ips-repo.js';
import type { Store } from '../store/store.js';

export async function getEgressIp(
  store: Store,
  accountId: string,
  id: string,
): Promise<StoredEgressIp> {
  const ip = await store.egressIps.get(accountId, id);
  if (!ip) throw notFound(`no egress IP ${id}`);
  return ip;
}

/** The gateway as stored: exactly one field, or null. */
function toGateway(input: GatewayInput | undefined): Gateway {
  if (!input) return null;
  if (input.proxy_url !== undefined) return { proxy_url: input.proxy_url };
  if (input.source_address !== undefined) return { source_address: input.source_address };
  return null;
}

const isProbed = (gateway: Gateway) => gateway !== null && 'proxy_url' in gateway;

/** The trace maps a source address back to its egress IP, so one address is one egress IP. */
async function checkSourceAddressFree(
  store: Store,
  accountId: string,
  gateway: Gateway,
  id?: string,
) {
  if (gateway === null || !('source_address' in gateway)) return;
  const taken = (await store.egressIps.list(accountId)).find(
    (ip) =>
      ip.id !== id &&
      ip.gateway !== null &&
      'source_address' in ip.gateway &&
      ip.gateway.source_address === gateway.source_address,
  );
  if (taken) {
    throw conflict(
      `body.gateway.source_address: ${gateway.source_address} is already the gateway of egress ` +
        `IP ${taken.ipv4} (${taken.id})`,
    );
  }
}

/**
 * Who sets the status after a write: `auto` (or no status on a proxy gateway) hands it to the
 * probes; a gateway with nothing to probe is manual; healthy/down is a manual override.
 */
function statusSource(
  status: EgressIpStatusInput | undefined,
  gateway: Gateway,
  current: EgressIpStatusSource,
): EgressIpStatusSource {
  if (!isProbed(gateway)) {
    if (status === 'auto') {
      throw badRequest(
        'body.status: "auto" hands the status to the health probes, and only a proxy_url ' +
          'gateway is probed (a source_address gateway lives on the agent’s machine; a null ' +
          'one has nothing to probe): set "healthy" or "down"',
      );
    }
    return 'manual';
  }
  if (status === 'auto') return 'probe';
  if (status !== undefined) return 'manual';
  return current;
}

export async function createEgressIp(store: Store, accountId: string, body: EgressIpCreate) {
  if (body.ipv4 === SHARED_EGRESS_FALLBACK) {
    throw badRequest(`body.ipv4: ${SHARED_EGRESS_FALLBACK} means "shared egress", not an IP`);
  }
  const dataCenter = findDataCenter(body.colo);
  if (!dataCenter) {
    throw badRequest(
      `body.colo: "${body.colo}" is not a data center in the catalog (try LHR, AMS, IAD, …)`,
    );
  }
  return store.changeConfig(accountId, async () => {
    const taken = await store.egressIps.findByIpv4(accountId, body.ipv4);
    if (taken) throw conflict(`body.ipv4: ${body.ipv4} is already egress IP ${taken.id}`);
    const at = now();
    const gateway = toGateway(body.gateway);
    await checkSourceAddressFree(store, accountId, gateway);
    const ip: StoredEgressIp = {
      id: newId(),
      ipv4: body.ipv4,
      ipv6: body.ipv6,
      colo: dataCenter.colo,
      city: dataCenter.city,
      country: dataCenter.country,
      status: body.status === 'down' ? 'down' : 'healthy',
      gateway,
      status_source: statusSource(body.status, gateway, 'probe'),
      last_probe_at: null,
      last_probe_error: null,
      probe_rtt_ms: null,
      created_at: at,
      updated_at: at,
      lat: dataCenter.lat,
      lon: dataCenter.lon,
    };
    await store.egressIps.insert(accountId, ip);
    return ip;
  });
}

/**
 * PATCH: a new gateway and/or status. A new proxy gateway where none was probed starts probing;
 * one replacing another proxy keeps whoever set the status (a manual outage stays).
 */
export async function updateEgressIp(
  store: Store,
  accountId: string,
  id: string,
  patch: EgressIpPatch,
) {
  return store.changeConfig(accountId, async () => {
    const ip = await getEgressIp(store, accountId, id);
    const at = now();
    const gateway = patch.gateway === undefined ? ip.gateway : toGateway(patch.gateway);
    await checkSourceAddressFree(store, accountId, gateway, id);
    const current =
      patch.gateway !== undefined && !isProbed(ip.gateway) ? 'probe' : ip.status_source;
    const source = statusSource(patch.status, gateway, current);
    const status: EgressIpStatus =
      patch.status === 'healthy' || patch.status === 'down' ? patch.status : ip.status;
    if (patch.gateway !== undefined) await store.egressIps.setGateway(accountId, id, gateway, at);
    await store.egressIps.setStatus(accountId, id, status, source, at);
    return getEgressIp(store, accountId, id);
  });
}

/** Rolls back a write that turned out to change nothing (so no version is spent on it). */
const NO_CHANGE = Symbol('no change');

/** The health probes' verdict: only while the probes own the status, and only if it changes. */
export async function setProbedStatus(
  store: Store,
  accountId: string,
  id: string,
  status: EgressIpStatus,
): Promise<boolean> {
  const applies = (ip: StoredEgressIp | undefined) =>
    ip?.status_source === 'probe' && ip.status !== status;
  if (!applies(await store.egressIps.get(accountId, id))) return false;
  try {
    await store.changeConfig(accountId, async () => {
      // Again under the write lock: a manual override may have landed meanwhile (any replica).
      if (!applies(await store.egressIps.get(accountId, id))) throw NO_CHANGE;
      await store.egressIps.setStatus(accountId, id, status, 'probe', now());
    });
    return true;
  } catch (error) {
    if (error === NO_CHANGE) return false;
    throw error;
  }
}

/** Refused (409) while any rule egresses through the IP or falls back to it. */
export async function deleteEgressIp(store: Store, accountId: string, id: string) {
  return store.changeConfig(accountId, async () => {
    const ip = await getEgressIp(store, accountId, id);
    const users = (await store.rules.list(accountId)).filter((rule) => {
      const egress = rule.rule_settings.egress;
      return egress && (egress.ipv4 === ip.ipv4 || egress.ipv4_fallback === ip.ipv4);
    });
    if (users.length > 0) {
      throw new ApiError(
        409,
        ErrorCode.RESOURCE_IN_USE,
        `egress IP ${ip.ipv4} (${ip.colo}) is used by rule${users.length === 1 ? '' : 's'} ` +
          `${users.map((rule) => `"${rule.name}" (${rule.id})`).join(', ')}; ` +
          'change or delete those rules first',
      );
    }
    await store.egressIps.delete(accountId, id);
    return ip;
  });
}
