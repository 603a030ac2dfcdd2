/**
 * URL paths of the control API, relative to the server's origin. The server registers the same
 * paths (with `:param` placeholders, see src/control-api/routes); clients build them here.
 */
export const API_BASE_PATH = '/client/v4';

const enc = encodeURIComponent;

function accountPath(accountId: string): string {
  return `${API_BASE_PATH}/accounts/${enc(accountId)}`;
}

export const apiPaths = {
  accounts: () => `${API_BASE_PATH}/accounts`,
  account: (accountId: string) => accountPath(accountId),
  virtualNetworks: (accountId: string) => `${accountPath(accountId)}/teamnet/virtual_networks`,
  virtualNetwork: (accountId: string, vnetId: string) =>
    `${accountPath(accountId)}/teamnet/virtual_networks/${enc(vnetId)}`,
  gatewayRules: (accountId: string) => `${accountPath(accountId)}/gateway/rules`,
  gatewayRule: (accountId: string, ruleId: string) =>
    `${accountPath(accountId)}/gateway/rules/${enc(ruleId)}`,
  egressIps: (accountId: string) => `${accountPath(accountId)}/gateway/egress_ips`,
  egressIp: (accountId: string, egressIpId: string) =>
    `${accountPath(accountId)}/gateway/egress_ips/${enc(egressIpId)}`,
  resolve: (accountId: string) => `${accountPath(accountId)}/gateway/egress/resolve`,
  devices: (accountId: string) => `${accountPath(accountId)}/devices`,
  device: (accountId: string, deviceId: string) =>
    `${accountPath(accountId)}/devices/${enc(deviceId)}`,
  deviceConfig: (accountId: string, deviceId: string) =>
    `${accountPath(accountId)}/devices/${enc(deviceId)}/config`,
  users: (accountId: string) => `${accountPath(accountId)}/users`,
  user: (accountId: string, email: string) => `${accountPath(accountId)}/users/${enc(email)}`,
  events: (accountId: string) => `${accountPath(accountId)}/events`,
  trace: () => '/cdn-cgi/trace',
  health: () => '/healthz',
  openapi: () => `${API_BASE_PATH}/openapi.json`,
} as const;
