import type { ChangeAnnouncement } from './device-lifecycle';
import type { StateProperties } from './state-document';

/** The desired state: version 0 and empty until the first change. */
export interface DesiredState {
  readonly version: number;
  readonly state: StateProperties;
  readonly updatedAt: Date | null;
}

/** The shadow's copy of the device's stored current state (from state-workers' events). */
export interface ReportedState {
  readonly state: StateProperties;
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

/** Storage of shadows. */
export interface ShadowRepository {
  /** The shadow; undefined when the device does not exist. */
  find(deviceId: string): Promise<Shadow | undefined>;
  /**
   * In one transaction: locks the shadow, checks `expectedVersion` (AppError `conflict` DESIRED_VERSION_MISMATCH),
   * stores `change(current)` as the next version with its event (`announce`) and returns the new shadow;
   * undefined when the device does not exist. `change` may throw to abort.
   */
  updateDesired(
    deviceId: string,
    change: (current: Shadow) => StateProperties,
    expectedVersion: number | undefined,
    announce: ChangeAnnouncement<Shadow>,
  ): Promise<Shadow | undefined>;
  /**
   * Stores the reported copy unless a newer one is stored; false when ignored: older, no such device, or its
   * report was received (`receivedAt`) before the device was created (a late event of a deleted device that
   * had the id).
   */
  recordReported(deviceId: string, reported: ReportedState, receivedAt?: Date): Promise<boolean>;
}
