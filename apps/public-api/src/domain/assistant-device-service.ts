import type { AssistantMapping } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { readCapabilityValues, toDesiredPatch, type CapabilityChange } from './assistant-capabilities';
import { holdsPatch, type ReportWaits } from './assistant-confirmation';
import type { AssistantDevice, AssistantDevices, AssistantDeviceState } from './assistant-devices';
import type { UserCaller } from './callers';
import type { HomeRepository } from './homes';
import { logStart, type LiveLog } from './live-events';
import type { OwnerDeviceService } from './owner-device-service';
import type { HomeDevice, HomeIds, OwnerDevices, OwnerDeviceWithState } from './owner-devices';

/** A product as the assistants need it: its name, and its mapping (null: its devices are not exposed). */
export interface AssistantProduct {
  readonly name: string;
  readonly assistantMapping: AssistantMapping | null;
}

/** The registry's products by vendor and id (cached per replica); a device's product always exists. */
export interface AssistantProducts {
  find(vendorId: string, productId: string): Promise<AssistantProduct>;
}

/** What the assistants' device service needs. */
export interface AssistantDeviceServiceDeps {
  readonly homes: HomeRepository;
  readonly devices: OwnerDevices;
  /** The owner device use cases: every change goes through their policies, feature checks and audit. */
  readonly ownerDevices: Pick<OwnerDeviceService, 'changeDesired'>;
  readonly products: AssistantProducts;
  /** The homes' live logs: a change's confirmation (the device's report) is awaited after their position. */
  readonly log: LiveLog;
  /** The replica's waits for confirmations, on one reader of the logs. */
  readonly confirmations: ReportWaits;
  readonly settings: { readonly confirmWaitMs: number };
}

/**
 * Devices listed for an assistant at most: pages of the registry's largest page. An assistant's discovery
 * (Alexa Discover, Google SYNC) answers in one response; a person with more devices than this is not a home.
 */
export const maxAssistantDevices = 1000;
const pageSize = 500;
/** Device views read at once for one `read`: an assistant's query of a whole home stays gentle on broker-api. */
const readConcurrency = 8;

const deviceNotFound = () => new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device in your homes');
const deviceOffline = () =>
  new AppError('unavailable', 'DEVICE_OFFLINE', 'the device is not connected; try again once it is');

const homeIdsOf = async (homes: HomeRepository, caller: UserCaller): Promise<HomeIds> => [
  ...(await homes.loadScope(caller.userId)).roles.keys(),
];

function toAssistantDevice(device: HomeDevice, productName: string, mapping: AssistantMapping) {
  const { id, vendorId, productId, ownerId: homeId, online } = device;
  const name = device.name ?? productName;
  return { id, vendorId, productId, homeId, name, productName, mapping, online } satisfies AssistantDevice;
}

function toState(found: OwnerDeviceWithState, mapping: AssistantMapping, reported: Record<string, unknown>) {
  return {
    device: toAssistantDevice(found.device, found.productName, mapping),
    values: readCapabilityValues(mapping, reported),
    reportedAt: found.shadow.reported === null ? null : new Date(found.shadow.reported.reportedAt),
  };
}

/**
 * The devices of a person's homes as the assistants see them: only those whose product has a mapping, each
 * read and changed in the caller's homes through the owner device ports and use cases.
 */
export function createAssistantDeviceService(deps: AssistantDeviceServiceDeps): AssistantDevices {
  const { homes, devices, ownerDevices, products, log, confirmations, settings } = deps;

  async function listHomeDevices(homeIds: HomeIds): Promise<HomeDevice[]> {
    const listed: HomeDevice[] = [];
    let after: string | undefined;
    do {
      const limit = Math.min(pageSize, maxAssistantDevices - listed.length);
      const page = await devices.listInHomes(homeIds, { limit, ...(after !== undefined && { after }) });
      listed.push(...page.items);
      after = page.nextAfter;
    } while (after !== undefined && listed.length < maxAssistantDevices);
    return listed;
  }

  /** The device with its mapping, in the caller's homes; undefined when missing, elsewhere or unmapped. */
  async function findMapped(homeIds: HomeIds, deviceId: string) {
    const found = homeIds.length === 0 ? undefined : await devices.findWithStateInHomes(homeIds, deviceId);
    const mapping = found?.assistantMapping ?? null;
    return found === undefined || mapping === null ? undefined : { found, mapping };
  }

  return {
    async list(caller) {
      const homeIds = await homeIdsOf(homes, caller);
      if (homeIds.length === 0) return [];
      const listed = await listHomeDevices(homeIds);
      const exposed = await Promise.all(
        listed.map(async (device) => {
          const { name, assistantMapping } = await products.find(device.vendorId, device.productId);
          return assistantMapping === null ? undefined : toAssistantDevice(device, name, assistantMapping);
        }),
      );
      return exposed.filter((device) => device !== undefined);
    },

    async read(caller, deviceIds) {
      const homeIds = await homeIdsOf(homes, caller);
      const states = new Map<string, AssistantDeviceState>();
      const unique = [...new Set(deviceIds)];
      for (let start = 0; start < unique.length; start += readConcurrency) {
        const batch = unique.slice(start, start + readConcurrency);
        const read = await Promise.all(batch.map((deviceId) => findMapped(homeIds, deviceId)));
        for (const mapped of read) {
          if (mapped === undefined) continue;
          const { found, mapping } = mapped;
          states.set(found.device.id, toState(found, mapping, found.shadow.reported?.state ?? {}));
        }
      }
      return states;
    },

    async change(caller, deviceId, change: CapabilityChange) {
      const mapped = await findMapped(await homeIdsOf(homes, caller), deviceId);
      if (mapped === undefined) throw deviceNotFound();
      const { found, mapping } = mapped;
      if (!found.device.online) throw deviceOffline();
      const patch = toDesiredPatch(mapping, change);
      if (Object.keys(patch).length === 0)
        throw new AppError('invalid', 'CHANGE_EMPTY', 'the change names no capability');
      const reported = found.shadow.reported?.state ?? {};
      const homeId = found.device.ownerId;
      // The log's position before the change: the device's answer comes after it.
      const from = (await log.boundsOf([homeId])).get(homeId)?.last ?? logStart;
      await ownerDevices.changeDesired(caller, deviceId, patch, 'any', 'assistant');
      // Already so: the device sees no difference to report.
      if (holdsPatch(reported, patch)) return { state: toState(found, mapping, reported), confirmed: true };
      const report = await confirmations.waitFor({ homeId, deviceId, patch, from }, settings.confirmWaitMs);
      if (report === undefined)
        return { state: toState(found, mapping, { ...reported, ...patch }), confirmed: false };
      const state = { ...toState(found, mapping, report.state), reportedAt: report.reportedAt };
      return { state, confirmed: true };
    },
  };
}
