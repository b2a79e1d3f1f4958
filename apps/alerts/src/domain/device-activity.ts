import type { DeviceInfo } from './alert-rule';

/** When the evaluator last heard from each device, in memory; written to the store in batches by the sweep. */
export interface DeviceActivity {
  /** Records a message from the device at `nowMs`; answers when the one before it came (undefined: none seen). */
  touch(device: DeviceInfo, nowMs: number): number | undefined;
  /** The devices heard from since the last call, with when (for the store). */
  takeUnrecorded(): { device: DeviceInfo; lastSeenMs: number }[];
  /** Puts back what could not be stored, unless newer news came meanwhile. */
  restore(seen: readonly { device: DeviceInfo; lastSeenMs: number }[]): void;
}

/** Creates the tracker; `maxDevices` bounds its memory (the oldest devices are forgotten first). */
export function createDeviceActivity(options: { readonly maxDevices: number }): DeviceActivity {
  const lastSeen = new Map<string, number>();
  let unrecorded = new Map<string, { device: DeviceInfo; lastSeenMs: number }>();
  return {
    touch(device, nowMs) {
      const previous = lastSeen.get(device.deviceId);
      // Deleted and set again: the map's order stays least recently heard first.
      lastSeen.delete(device.deviceId);
      if (lastSeen.size >= options.maxDevices) lastSeen.delete(lastSeen.keys().next().value ?? '');
      lastSeen.set(device.deviceId, nowMs);
      unrecorded.set(device.deviceId, { device, lastSeenMs: nowMs });
      return previous;
    },
    takeUnrecorded() {
      const taken = [...unrecorded.values()];
      unrecorded = new Map();
      return taken;
    },
    restore(seen) {
      for (const entry of seen) {
        if (!unrecorded.has(entry.device.deviceId)) unrecorded.set(entry.device.deviceId, entry);
      }
    },
  };
}
