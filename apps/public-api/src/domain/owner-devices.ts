import type { AssistantMapping, ShadowResponse } from '@homeport/contracts';
import type { DeviceControl } from './device-control';
import type { RegistryDevice } from './device-claims';

/** The homes a person is a member of: the scope of every lookup of their devices. */
export type HomeIds = readonly string[];

/** A device that belongs to a home: its `ownerId` is the home's id. */
export type HomeDevice = RegistryDevice & { readonly ownerId: string };

/** True when the device belongs to a home (it is claimed). */
export const isInHome = (device: RegistryDevice): device is HomeDevice => device.ownerId !== null;

/** A device of one of the caller's homes with its shadow and its product's name, features and mapping. */
export interface OwnerDeviceWithState {
  readonly device: HomeDevice;
  readonly shadow: ShadowResponse;
  readonly features: readonly string[];
  readonly productName: string;
  /** How the product maps to voice-assistant capabilities; null: not exposed to assistants. */
  readonly assistantMapping: AssistantMapping | null;
}

/** One page of devices of homes; `nextAfter` is set when more follow. */
export interface HomeDevicesPage {
  readonly items: HomeDevice[];
  readonly nextAfter?: string;
}

/** Which of the homes' devices to list, and where a page starts. */
export interface OwnerDeviceFilter {
  readonly productId?: string;
  readonly online?: boolean;
  readonly limit: number;
  readonly after?: string;
}

/**
 * The devices of a person's homes in the device registry (broker-api). Every call takes the home ids it is
 * confined to; a device of another home is answered as a missing one (undefined, or 404 DEVICE_NOT_FOUND).
 */
export interface OwnerDevices extends DeviceControl<HomeIds> {
  /** One page of the devices of any of `homeIds`, in id order, filtered in the registry's query. */
  listInHomes(homeIds: HomeIds, filter: OwnerDeviceFilter): Promise<HomeDevicesPage>;
  findInHomes(homeIds: HomeIds, deviceId: string): Promise<HomeDevice | undefined>;
  /** The device with its shadow and features, read at once; undefined when missing or of another home. */
  findWithStateInHomes(homeIds: HomeIds, deviceId: string): Promise<OwnerDeviceWithState | undefined>;
  /** Sets (or clears, null) the device's display name. */
  rename(homeIds: HomeIds, deviceId: string, name: string | null): Promise<HomeDevice>;
  /** The features of the device's product: the properties and commands it accepts. */
  featuresOf(device: RegistryDevice): Promise<readonly string[]>;
}
