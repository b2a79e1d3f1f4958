import type { DesiredStatePayload, DeviceTopicAddress, RequestSource } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { DeviceChannel } from './device-channel';
import { describeDeviceChange } from './device-lifecycle';
import { requireStateWithinBudget, requireWithinLimits } from './payload-limits';
import type { CurrentStateSource, DesiredShadow, ReportedState, Shadow, ShadowRepository } from './shadow';
import { applyMergePatch, computeDelta, type StateProperties } from './state-document';

/** Use cases of device shadows: desired state, the reported state (state-workers'), and deltas. */
export interface ShadowService {
  /** The desired state, the reported state and their delta. */
  getShadow(deviceId: string): Promise<Shadow>;
  /** The desired state alone (no read of the reported state). */
  getDesired(deviceId: string): Promise<DesiredShadow>;
  /**
   * Replaces the desired state and publishes it (retained), plus the delta when a reported copy exists; the
   * announced change names the properties set or removed and who asked (`source`, when the caller said).
   */
  setDesired(deviceId: string, state: StateProperties, options?: DesiredChangeOptions): Promise<Shadow>;
  /** Merges a JSON merge patch into the desired state, then publishes like `setDesired`. */
  patchDesired(deviceId: string, patch: StateProperties, options?: DesiredChangeOptions): Promise<Shadow>;
  /** Answers a device's state request: its desired state and delta (nothing before the first desired state). */
  answerStateRequest(address: DeviceTopicAddress): Promise<void>;
}

/** How a desired change is made: at the version the caller read, and on whose behalf. */
export interface DesiredChangeOptions {
  readonly expectedVersion?: number | undefined;
  readonly source?: RequestSource | undefined;
}

/** The top-level properties a change from `current` to `next` sets or removes, as a patch or a replacement. */
function touchedProperties(
  current: StateProperties,
  next: StateProperties,
  patch?: StateProperties,
): string[] {
  if (patch !== undefined) return Object.keys(patch);
  return [...Object.keys(next), ...Object.keys(current).filter((name) => !(name in next))];
}

/** Dependencies of the shadow use cases. */
export interface ShadowServiceDeps {
  readonly repository: ShadowRepository;
  readonly currentStates: CurrentStateSource;
  readonly channel: DeviceChannel;
  /** The largest payload a device accepts; a desired state that would not fit is refused. */
  readonly maxPayloadBytes: number;
  /**
   * The reported state could not be read for a desired change's delta (Redis away, an unreadable document):
   * the change is stored and its desired state published all the same, without a delta.
   */
  readonly onDeltaSkipped: (error: unknown, deviceId: string) => void;
}

/** The desired-state message of a shadow. */
export function toDesiredPayload(shadow: Pick<DesiredShadow, 'desired'>): DesiredStatePayload {
  const { version, state, updatedAt } = shadow.desired;
  return { version, state, updatedAt: updatedAt?.getTime() ?? 0 };
}

/** Creates the shadow use cases. */
export function createShadowService(deps: ShadowServiceDeps): ShadowService {
  const { repository, currentStates, channel, maxPayloadBytes } = deps;

  const requireShadow = (shadow: DesiredShadow | undefined, deviceId: string): DesiredShadow => {
    if (shadow === undefined)
      throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
    return shadow;
  };

  // A state stored before the device was created belongs to a deleted device that had the id, whose
  // deletion state-workers have not handled yet.
  const findReported = async (shadow: DesiredShadow): Promise<ReportedState | null> => {
    const current = await currentStates.find({ vendorId: shadow.vendorId, deviceId: shadow.deviceId });
    if (current === null || current.storedAt < shadow.createdAt) return null;
    return { state: current.state, seq: current.seq, reportedAt: current.reportedAt };
  };

  const publishShadow = async (shadow: Shadow, withDelta: boolean): Promise<void> => {
    const address = { vendorId: shadow.vendorId, deviceId: shadow.deviceId };
    await channel.publishDesired(address, toDesiredPayload(shadow));
    if (withDelta) {
      const delta = computeDelta(shadow.desired.state, shadow.reported?.state);
      await channel.publishDelta(address, { version: shadow.desired.version, state: delta });
    }
  };

  const changeDesired = async (
    deviceId: string,
    compute: (current: StateProperties) => StateProperties,
    options: DesiredChangeOptions & { readonly patch?: StateProperties },
  ): Promise<Shadow> => {
    let properties: string[] = [];
    const change = (current: DesiredShadow): StateProperties => {
      const next = compute(current.desired.state);
      // Merged, a state within the limits can still be beyond them in all (properties, bytes).
      requireStateWithinBudget(next, 'the desired state after this change');
      const payload = { version: current.desired.version + 1, state: next, updatedAt: Date.now() };
      if (Buffer.byteLength(JSON.stringify(payload)) > maxPayloadBytes) {
        throw new AppError(
          'invalid',
          'DESIRED_STATE_TOO_LARGE',
          `desired state exceeds ${maxPayloadBytes} bytes`,
        );
      }
      properties = touchedProperties(current.desired.state, next, options.patch);
      return next;
    };
    const announce = (changed: DesiredShadow) =>
      describeDeviceChange({ vendorId: changed.vendorId, deviceId }, 'desired', {
        properties,
        ...(options.source !== undefined && { source: options.source }),
      });
    const desired = requireShadow(
      await repository.updateDesired(deviceId, change, options.expectedVersion, announce),
      deviceId,
    );
    // The device asks again (a state request) for a delta it did not get.
    const reported = await findReported(desired).catch((error: unknown) => {
      deps.onDeltaSkipped(error, deviceId);
      return null;
    });
    const shadow = { ...desired, reported };
    await publishShadow(shadow, reported !== null);
    return shadow;
  };

  const getDesired = async (deviceId: string) => requireShadow(await repository.find(deviceId), deviceId);

  return {
    async getShadow(deviceId) {
      const desired = await getDesired(deviceId);
      return { ...desired, reported: await findReported(desired) };
    },
    getDesired,
    setDesired: (deviceId, state, options = {}) => {
      requireWithinLimits({ state });
      return changeDesired(deviceId, () => state, options);
    },
    patchDesired: (deviceId, patch, options = {}) => {
      requireWithinLimits({ state: patch });
      return changeDesired(deviceId, (current) => applyMergePatch(current, patch), { ...options, patch });
    },
    async answerStateRequest(address) {
      const desired = await repository.find(address.deviceId);
      if (desired === undefined || desired.vendorId !== address.vendorId || desired.desired.version === 0)
        return;
      await publishShadow({ ...desired, reported: await findReported(desired) }, true);
    },
  };
}
