import { type FactValues, fqdnDomains } from './facts.js';
import type { NumericIp } from './ip.js';

/** Where each field's value lives in prepared facts, grouped by the value's type. */
export const STRING_READERS: Readonly<Record<string, (facts: FactValues) => string | undefined>> = {
  'net.vnet_id': (f) => f.vnetId,
  'net.protocol': (f) => f.protocol,
  'net.src.geo.country': (f) => f.srcCountry,
  'net.src.geo.continent': (f) => f.srcContinent,
  'net.dst.geo.country': (f) => f.dstCountry,
  'net.dst.geo.continent': (f) => f.dstContinent,
  'net.fqdn': (f) => f.fqdn,
  'identity.email': (f) => f.email,
  'identity.name': (f) => f.name,
};

export const INT_READERS: Readonly<Record<string, (facts: FactValues) => number | undefined>> = {
  'net.src.port': (f) => f.srcPort,
  'net.dst.port': (f) => f.dstPort,
};

export const IP_READERS: Readonly<Record<string, (facts: FactValues) => NumericIp | undefined>> = {
  'net.src.ip': (f) => f.srcIp,
  'net.dst.ip': (f) => f.dstIp,
};

export const LIST_READERS: Readonly<Record<string, (facts: FactValues) => readonly string[]>> = {
  'net.fqdn.domains': fqdnDomains,
  'identity.groups.name': (f) => f.groupNames,
  'identity.groups.email': (f) => f.groupEmails,
  'device_posture.checks.passed': (f) => f.posturePassed,
};
