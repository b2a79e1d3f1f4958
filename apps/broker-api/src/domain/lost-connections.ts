import type { DeviceTopicAddress } from '@homeport/contracts';

/** A device connection that ended, not yet announced offline. */
export interface EndedConnection {
  readonly address: DeviceTopicAddress;
  readonly connectionId: string;
  readonly at: Date;
}

/** The lost connections of one replica that wait out the presence grace, oldest first. */
export interface LostConnections {
  /** Holds a device's lost connection (replacing any it held for the device). */
  hold(lost: EndedConnection): void;
  /** Forgets the device's held connection, if any (true): it is back, on a newer connection. */
  release(deviceId: string): boolean;
  /** Takes out the connections lost at or before `lostBy` (every one without it): theirs is an offline. */
  takeLostBy(lostBy?: Date): EndedConnection[];
}

/**
 * Creates the held lost connections. A device back within the grace was never announced offline, so its
 * reconnect is no presence change either (presence.ts): a network blip or a reconnect storm costs the
 * platform no event, webhook or assistant report per device, as a flap filter does. One Map ordered by when
 * each was lost (the grace is the same for all), so taking the due ones reads only those.
 */
export function createLostConnections(): LostConnections {
  const held = new Map<string, EndedConnection>();
  return {
    hold(lost) {
      held.delete(lost.address.deviceId);
      held.set(lost.address.deviceId, lost);
    },
    release(deviceId) {
      return held.delete(deviceId);
    },
    takeLostBy(lostBy) {
      const due: EndedConnection[] = [];
      for (const [deviceId, lost] of held) {
        if (lostBy !== undefined && lost.at > lostBy) break;
        held.delete(deviceId);
        due.push(lost);
      }
      return due;
    },
  };
}
