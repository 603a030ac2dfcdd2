import {
  type EgressIpCreate,
  type EgressIpStatus,
  ErrorCode,
  SHARED_EGRESS_FALLBACK,
} from '../../shared/api/index.js';
import { findDataCenter } from '../../shared/geo/index.js';
import { newId, now } from '../clock.js';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import type { StoredEgressIp } from '../store/egress-ips-repo.js';
import type { Store } from '../store/store.js';

export function getEgressIp(store: Store, accountId: string, id: string): StoredEgressIp {
  const ip = store.egressIps.get(accountId, id);
  if (!ip) throw notFound(`no egress IP ${id}`);
  return ip;
}

export function createEgressIp(store: Store, accountId: string, body: EgressIpCreate) {
  if (body.ipv4 === SHARED_EGRESS_FALLBACK) {
    throw badRequest(`body.ipv4: ${SHARED_EGRESS_FALLBACK} means "shared egress", not an IP`);
  }
  const dataCenter = findDataCenter(body.colo);
  if (!dataCenter) {
    throw badRequest(
      `body.colo: "${body.colo}" is not a data center in the catalog (try LHR, AMS, IAD, …)`,
    );
  }
  return store.changeConfig(accountId, () => {
    const taken = store.egressIps.findByIpv4(accountId, body.ipv4);
    if (taken) throw conflict(`body.ipv4: ${body.ipv4} is already egress IP ${taken.id}`);
    const at = now();
    const ip: StoredEgressIp = {
      id: newId(),
      ipv4: body.ipv4,
      ipv6: body.ipv6,
      colo: dataCenter.colo,
      city: dataCenter.city,
      country: dataCenter.country,
      status: body.status ?? 'healthy',
      created_at: at,
      updated_at: at,
      lat: dataCenter.lat,
      lon: dataCenter.lon,
    };
    store.egressIps.insert(accountId, ip);
    return ip;
  });
}

export function setEgressIpStatus(
  store: Store,
  accountId: string,
  id: string,
  status: EgressIpStatus,
) {
  return store.changeConfig(accountId, () => {
    getEgressIp(store, accountId, id);
    store.egressIps.setStatus(accountId, id, status, now());
    return getEgressIp(store, accountId, id);
  });
}

/** Refused (409) while any rule egresses through the IP or falls back to it. */
export function deleteEgressIp(store: Store, accountId: string, id: string) {
  return store.changeConfig(accountId, () => {
    const ip = getEgressIp(store, accountId, id);
    const users = store.rules.list(accountId).filter((rule) => {
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
    store.egressIps.delete(accountId, id);
    return ip;
  });
}
