import type { DeviceTopicAddress } from '@homeport/contracts';
import type { ChangeAnnouncement } from './device-lifecycle';
import type { StateProperties } from './state-document';

/** The desired state: version 0 and empty until the first change. */
export interface DesiredState {
  readonly version: number;
  readonly state: StateProperties;
  readonly updatedAt: Date | null;
}

/** The device's current state as state-workers stored it: what the shadow shows as reported. */
export interface ReportedState {
  readonly state: StateProperties;
  /** The device's `seq` of the report that made this state, when it numbered it. */
  readonly seq: number | null;
  readonly reportedAt: Date;
}

/** A device's shadow: what the cloud wants and what the device last reported. */
export interface Shadow {
  readonly deviceId: string;
  readonly vendorId: string;
  readonly desired: DesiredState;
  readonly reported: ReportedState | null;
}

/** The part of a shadow broker-api keeps: the desired state of a device, with when the device was created. */
export interface DesiredShadow {
  readonly deviceId: string;
  readonly vendorId: string;
  readonly createdAt: Date;
  readonly desired: DesiredState;
}

/** Storage of the desired state. */
export interface ShadowRepository {
  /** The device's desired state; undefined when the device does not exist. */
  find(deviceId: string): Promise<DesiredShadow | undefined>;
  /**
   * In one transaction: locks the shadow, checks `expectedVersion` (AppError `conflict` DESIRED_VERSION_MISMATCH),
   * stores `change(current)` as the next version with its event (`announce`) and returns the new shadow;
   * undefined when the device does not exist. `change` may throw to abort.
   */
  updateDesired(
    deviceId: string,
    change: (current: DesiredShadow) => StateProperties,
    expectedVersion: number | undefined,
    announce: ChangeAnnouncement<DesiredShadow>,
  ): Promise<DesiredShadow | undefined>;
}

/** A device's stored current state, with when that revision was stored. */
export interface CurrentState extends ReportedState {
  readonly storedAt: Date;
}

/**
 * Where the reported side of shadows is read: state-workers' cached current state, of which state-workers
 * is the only writer. Null when none is known (never reported, deleted, or the cache lost it).
 */
export interface CurrentStateSource {
  find(address: DeviceTopicAddress): Promise<CurrentState | null>;
}
