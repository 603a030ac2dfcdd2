import type { Logger } from 'pino';
import { ControlApiClient, ControlApiError, type Device } from '../../../shared/api/index.js';
import { AgentFault } from '../agent-fault.js';
import type { ClientOptions } from '../control-plane/client-options.js';
import type { ControlPlane, ControlPlaneConnection } from '../ports/control-plane.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { Session } from './session.js';

export interface EstablishInput {
  plane: ControlPlane;
  secrets: SecretStore;
  /** What the agent remembers: the account and device of the last session. */
  known: { accountId: string | null; deviceId: string | null };
  enrolAs: { name: string; userEmail: string };
  client: ClientOptions;
  logger: Logger;
}

/**
 * Connects to the control plane and makes sure this machine is an enrolled device: with an
 * admin token it reuses the remembered device (and its token from the SecretStore) or enrols a
 * new one; with a device token it asks the server which device that token is. It stores
 * nothing: the caller keeps the session's token once it adopts the session, so a settings
 * change that fails halfway loses nothing.
 */
export async function establishSession(input: EstablishInput): Promise<Session> {
  const connection = await input.plane.connect().catch(refusedToken(input.plane.mode));
  const base = clientFor(connection, connection.token, undefined, input.client);
  const accounts = await base.listAccounts().catch(refusedToken(connection.mode));
  const account =
    accounts.find((entry) => entry.id === input.known.accountId) ?? accounts[0] ?? undefined;
  if (!account) {
    throw new AgentFault('no_account', `the token sees no account at ${connection.url}`);
  }
  const kind =
    connection.kind ??
    (await tokenKind(clientFor(connection, connection.token, account.id, input.client)));
  return kind === 'admin'
    ? await adminSession(input, connection, account.id)
    : await deviceSession(input, connection, account.id);
}

/** Only the admin token may list devices: one call tells which kind a typed token is. */
async function tokenKind(client: ControlApiClient): Promise<'admin' | 'device'> {
  try {
    await client.listDevices();
    return 'admin';
  } catch (error) {
    if (error instanceof ControlApiError && error.status === 403) return 'device';
    throw error;
  }
}

function clientFor(
  connection: ControlPlaneConnection,
  token: string,
  accountId: string | undefined,
  options: ClientOptions,
): ControlApiClient {
  return new ControlApiClient({
    baseUrl: connection.url,
    token,
    accountId,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
  });
}

/** A refused token will not fix itself: say what the user can do instead of retrying. */
function refusedToken(mode: ControlPlane['mode']) {
  return (error: unknown): never => {
    if (error instanceof ControlApiError && (error.status === 401 || error.status === 403)) {
      throw new AgentFault(
        'unauthorized',
        mode === 'remote'
          ? `the control API refused the token (${error.message}). If it is a device token, ` +
              'the device may have been removed on the server: enrol it again and set the new ' +
              'token, or set an admin token, in the settings'
          : `the local simulator refused its own token (${error.message}); restart the agent`,
      );
    }
    throw error;
  };
}

async function adminSession(
  input: EstablishInput,
  connection: ControlPlaneConnection,
  accountId: string,
): Promise<Session> {
  const adminClient = clientFor(connection, connection.token, accountId, input.client);
  const session = (device: Device, token: string): Session => ({
    connection,
    accountId,
    device,
    deviceToken: token,
    deviceClient: clientFor(connection, token, accountId, input.client),
    adminClient,
  });
  const rememberedId = input.known.accountId === accountId ? input.known.deviceId : null;
  const rememberedToken = await input.secrets.get('device_token');
  if (rememberedId && rememberedToken) {
    const client = clientFor(connection, rememberedToken, accountId, input.client);
    const existing = await stillEnrolled(client, rememberedId);
    if (existing) return session(existing, rememberedToken);
    input.logger.info({ deviceId: rememberedId }, 'device gone from the server: enrolling again');
  }
  const enrolled = await adminClient.enrolDevice({
    name: input.enrolAs.name,
    user_email: input.enrolAs.userEmail,
  });
  const { token, ...device } = enrolled;
  input.logger.info({ deviceId: device.id, user: device.user_email }, 'device enrolled');
  return session(device, token);
}

/** The remembered device, if the server still knows it and its token still works. */
async function stillEnrolled(
  client: ControlApiClient,
  deviceId: string,
): Promise<Device | undefined> {
  try {
    return await client.getDevice(deviceId);
  } catch (error) {
    if (error instanceof ControlApiError && [401, 403, 404].includes(error.status)) {
      return undefined;
    }
    throw error;
  }
}

async function deviceSession(
  input: EstablishInput,
  connection: ControlPlaneConnection,
  accountId: string,
): Promise<Session> {
  const deviceClient = clientFor(connection, connection.token, accountId, input.client);
  // A device token resolves its own device: the answer names it.
  const resolution = await deviceClient.resolve({}).catch(refusedToken(connection.mode));
  if (!resolution.device_id) {
    throw new AgentFault('no_device', `the control API at ${connection.url} named no device`);
  }
  const device = await deviceClient.getDevice(resolution.device_id);
  return {
    connection,
    accountId,
    device,
    deviceToken: connection.token,
    deviceClient,
    adminClient: null,
  };
}
