import type { DesiredStatePayload, DeviceTopicAddress, RequestSource } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { DeviceChannel } from './device-channel';
import { describeDeviceChange } from './device-lifecycle';
import { requireStateWithinBudget, requireWithinLimits } from './payload-limits';
import type { Shadow, ShadowRepository } from './shadow';
import { applyMergePatch, computeDelta, type StateProperties } from './state-document';

/** Use cases of device shadows: desired state, the reported copy, and deltas. */
export interface ShadowService {
  getShadow(deviceId: string): Promise<Shadow>;
  /**
   * Replaces the desired state and publishes it (retained), plus the delta when a reported copy exists; the
   * announced change names the properties set or removed and who asked (`source`, when the caller said).
   */
  setDesired(deviceId: string, state: StateProperties, options?: DesiredChangeOptions): Promise<Shadow>;
  /** Merges a JSON merge patch into the desired state, then publishes like `setDesired`. */
  patchDesired(deviceId: string, patch: StateProperties, options?: DesiredChangeOptions): Promise<Shadow>;
  /** Keeps the reported copy (older, unknown-device and pre-creation events are ignored). */
  recordReported(input: {
    deviceId: string;
    state: StateProperties;
    seq?: number;
    reportedAt: Date;
    receivedAt?: Date;
  }): Promise<boolean>;
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
  readonly channel: DeviceChannel;
  /** The largest payload a device accepts; a desired state that would not fit is refused. */
  readonly maxPayloadBytes: number;
}

/** The desired-state message of a shadow. */
export function toDesiredPayload(shadow: Shadow): DesiredStatePayload {
  const { version, state, updatedAt } = shadow.desired;
  return { version, state, updatedAt: updatedAt?.getTime() ?? 0 };
}

/** Creates the shadow use cases. */
export function createShadowService(deps: ShadowServiceDeps): ShadowService {
  const { repository, channel, maxPayloadBytes } = deps;

  const requireShadow = (shadow: Shadow | undefined, deviceId: string): Shadow => {
    if (shadow === undefined)
      throw new AppError('not_found', 'DEVICE_NOT_FOUND', `device ${deviceId} not found`);
    return shadow;
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
    const change = (current: Shadow): StateProperties => {
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
    const announce = (changed: Shadow) =>
      describeDeviceChange({ vendorId: changed.vendorId, deviceId }, 'desired', {
        properties,
        ...(options.source !== undefined && { source: options.source }),
      });
    const shadow = requireShadow(
      await repository.updateDesired(deviceId, change, options.expectedVersion, announce),
      deviceId,
    );
    await publishShadow(shadow, shadow.reported !== null);
    return shadow;
  };

  return {
    async getShadow(deviceId) {
      return requireShadow(await repository.find(deviceId), deviceId);
    },
    setDesired: (deviceId, state, options = {}) => {
      requireWithinLimits({ state });
      return changeDesired(deviceId, () => state, options);
    },
    patchDesired: (deviceId, patch, options = {}) => {
      requireWithinLimits({ state: patch });
      return changeDesired(deviceId, (current) => applyMergePatch(current, patch), { ...options, patch });
    },
    recordReported: ({ deviceId, state, seq, reportedAt, receivedAt }) =>
      repository.recordReported(deviceId, { state, seq: seq ?? null, reportedAt }, receivedAt),
    async answerStateRequest(address) {
      const shadow = await repository.find(address.deviceId);
      if (shadow === undefined || shadow.vendorId !== address.vendorId || shadow.desired.version === 0)
        return;
      await publishShadow(shadow, true);
    },
  };
}
