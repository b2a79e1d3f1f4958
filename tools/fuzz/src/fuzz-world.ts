import {
  buildDeviceTopic,
  type CommandResponse,
  type CredentialList,
  type DeviceTopicKind,
} from '@homeport/contracts';
import {
  buildDeviceIds,
  createBrokerApiClient,
  ensureThermostatProduct,
  provisionDevice,
  type BrokerApiClient,
  type ProvisionedDevice,
} from '@homeport/simulator';
import type { RunningPlatform } from '@homeport/testing';
import { deviceToCloudKinds } from './device-payloads';
import { readOperations, type HttpOperation, type IdPools, type OpenApiDocument } from './http-requests';
import type { TopicPool } from './mqtt-packets';
import { openFuzzSession, type FuzzSession } from './public-api-session';

/** A device of the payload family, and its own topic of each device-to-cloud kind. */
export interface PayloadDevice {
  readonly device: ProvisionedDevice;
  /** A command of its own, so that its commandAck topic names a real one. */
  readonly commandId: string;
  readonly topics: Readonly<Partial<Record<DeviceTopicKind, string>>>;
}

/** The hostile side of a run: its devices, what its requests may name, and the routes to call. */
export interface FuzzWorld {
  /** Publish the hostile payloads on their own topics, each one message at a time. */
  readonly payloadDevices: readonly PayloadDevice[];
  /**
   * Log in on raw connections before fuzzed packets, taken in turn: one per connection at once, so that
   * logins rarely take over each other's session (a CONNECT with the client id of a live session closes it).
   */
  readonly packetDevices: readonly ProvisionedDevice[];
  readonly topicPool: TopicPool;
  readonly operations: readonly HttpOperation[];
  readonly idPools: IdPools;
  /** The fuzzer's public-api user, logged in. */
  readonly publicApiSession: FuzzSession;
}

/** Devices the HTTP requests may name, delete and re-key. */
const httpDeviceCount = 3;
/** Also the number of raw connections open at once. */
const packetDeviceCount = 12;
/**
 * Also the number of payloads in flight at once. One device waits for each PUBACK (after the message is
 * stored, in the embedded mode) and logs in again after each payload the broker refuses by closing: alone,
 * it sent 60-150 payloads/s while the other families sent 700 inputs/s, so it was the run's long tail.
 */
const payloadDeviceCount = 4;

function topicsOf(device: ProvisionedDevice, commandId: string): Partial<Record<DeviceTopicKind, string>> {
  return Object.fromEntries(
    deviceToCloudKinds.map((kind) => [kind, buildDeviceTopic(kind, { ...device, commandId })]),
  );
}

/** A command of the device, so its `commandAck` topic names a real one. */
async function createCommand(api: BrokerApiClient, deviceId: string): Promise<string> {
  const answer = await api.call<CommandResponse>('POST', `/devices/${deviceId}/commands`, {
    name: 'reboot',
    params: {},
    ttlSeconds: 3600,
  });
  if (answer.status !== 201) throw new Error(`creating a command answered ${answer.status}`);
  return answer.body.id;
}

async function readOpenApi(url: string): Promise<OpenApiDocument | undefined> {
  const response = await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) return undefined;
  return (await response.json()) as OpenApiDocument;
}

/**
 * Registers the hostile vendor (`hostileVendorId`) with the hostile devices and the HTTP fuzzer's own
 * devices, signs up and logs in the fuzzer's public-api user (named after the vendor) with a home of its own,
 * and reads the OpenAPI document of every HTTP service of the platform.
 */
export async function prepareFuzzWorld(
  platform: RunningPlatform,
  ids: { hostileVendorId: string; innocentTopics: readonly string[] },
): Promise<FuzzWorld> {
  const api = createBrokerApiClient({ baseUrl: platform.brokerApi.url, token: platform.brokerApi.token });
  const vendorId = ids.hostileVendorId;
  const productId = 'thermostat';
  await ensureThermostatProduct(api, { vendorId, productId });
  const register = (deviceId: string) => provisionDevice(api, { vendorId, productId, deviceId });
  const payloadDevices = await Promise.all(
    buildDeviceIds(`${vendorId}-payloads`, payloadDeviceCount).map(async (deviceId) => {
      const device = await register(deviceId);
      const commandId = await createCommand(api, deviceId);
      return { device, commandId, topics: topicsOf(device, commandId) };
    }),
  );
  const payloadTopics = payloadDevices.flatMap((payloadDevice) => Object.values(payloadDevice.topics));
  // The packet devices' commandAck topics name a command of another device.
  const foreignCommandId = payloadDevices[0]?.commandId ?? 'none';
  const packetDevices = await Promise.all(
    buildDeviceIds(`${vendorId}-packets`, packetDeviceCount).map(register),
  );
  const httpDevices = await Promise.all(buildDeviceIds(`${vendorId}-http`, httpDeviceCount).map(register));
  const credentials = await Promise.all(
    httpDevices.map((device) => api.call<CredentialList>('GET', `/devices/${device.deviceId}/credentials`)),
  );
  const publicApi = await openFuzzSession(platform.publicApiUrl, vendorId);
  const operations: HttpOperation[] = [];
  for (const service of platform.httpServices) {
    const document = await readOpenApi(service.url);
    if (document !== undefined) operations.push(...readOperations(service.name, document));
  }
  return {
    payloadDevices,
    packetDevices,
    topicPool: {
      own: packetDevices.flatMap((device) => Object.values(topicsOf(device, foreignCommandId))),
      others: [...ids.innocentTopics, ...payloadTopics],
    },
    operations,
    idPools: {
      vendorId: [vendorId],
      productId: [productId],
      deviceId: httpDevices.map((device) => device.deviceId),
      commandId: payloadDevices.map((payloadDevice) => payloadDevice.commandId),
      credentialId: credentials.flatMap((answer) => answer.body.items.map((credential) => credential.id)),
      homeId: [publicApi.ids.homeId],
      userId: [publicApi.ids.userId],
      invitationId: [publicApi.ids.invitationId],
    },
    publicApiSession: publicApi.session,
  };
}
