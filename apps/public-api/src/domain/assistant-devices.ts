import type { AssistantMapping } from '@homeport/contracts';
import type { CapabilityChange, CapabilityValues } from './assistant-capabilities';
import type { UserCaller } from './callers';

/** The voice assistants Homeport links with. */
export type Assistant = 'alexa' | 'google';

/** A device an assistant may see: in one of the caller's homes, and its product has a mapping. */
export interface AssistantDevice {
  readonly id: string;
  readonly vendorId: string;
  readonly productId: string;
  readonly homeId: string;
  /** The owner's name for it, else the product's name. */
  readonly name: string;
  readonly productName: string;
  readonly mapping: AssistantMapping;
  readonly online: boolean;
}

/** A device with its capability values as last reported. */
export interface AssistantDeviceState {
  readonly device: AssistantDevice;
  readonly values: CapabilityValues;
  /** When the device last reported its state; null before its first report. */
  readonly reportedAt: Date | null;
}

/** What a change did: `confirmed` when the device reported the new values within the wait. */
export interface AssistantChangeOutcome {
  readonly state: AssistantDeviceState;
  readonly confirmed: boolean;
}

/**
 * The devices of a person as the assistants see them, and their control. Every call is confined to the
 * caller's homes and to mapped products: anything else is answered as a missing device (404 DEVICE_NOT_FOUND).
 */
export interface AssistantDevices {
  /** Every exposed device of the caller's homes (Alexa Discover, Google SYNC). */
  list(caller: UserCaller): Promise<AssistantDevice[]>;
  /** The state of each asked device; a device the caller cannot see is absent from the map. */
  read(caller: UserCaller, deviceIds: readonly string[]): Promise<Map<string, AssistantDeviceState>>;
  /**
   * Changes the device's desired state (through the owner device use cases: policies, features, audit) and
   * waits briefly for the device to report it. Refused before any change: 404 DEVICE_NOT_FOUND, 503
   * DEVICE_OFFLINE (presence says it is not connected), 400 VALUE_OUT_OF_RANGE / CAPABILITY_NOT_SUPPORTED /
   * MODE_NOT_SUPPORTED, 403 HOME_ROLE_INSUFFICIENT.
   */
  change(caller: UserCaller, deviceId: string, change: CapabilityChange): Promise<AssistantChangeOutcome>;
}
