import type {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  MessagePayload,
  userZoneEnteredV1,
  userZoneLeftV1,
} from '@homeport/contracts';
import type { Clock } from './clock';
import type { HomeDirectory } from './home-directory';
import { createNoticeTeller, type RequestNotice } from './notice-requests';

/** A presence event of homeport.events (geofencing's), by its public type. */
export type PresenceMessage =
  | { readonly type: 'home.member-arrived'; readonly event: MessagePayload<typeof homeMemberArrivedV1> }
  | { readonly type: 'home.member-left'; readonly event: MessagePayload<typeof homeMemberLeftV1> }
  | { readonly type: 'user.zone-entered'; readonly event: MessagePayload<typeof userZoneEnteredV1> }
  | { readonly type: 'user.zone-left'; readonly event: MessagePayload<typeof userZoneLeftV1> };

/** What the notifier needs. */
export interface PresenceNotifierDeps {
  readonly homes: HomeDirectory;
  readonly requestNotice: RequestNotice;
  readonly clock: Clock;
}

const homeTemplates = { 'home.member-arrived': 'arrived', 'home.member-left': 'left' } as const;
const zoneTemplates = { 'user.zone-entered': 'entered', 'user.zone-left': 'left' } as const;

/**
 * Turns geofencing's events into notification requests. A member's arrival or departure (`exited`) goes to
 * the home's other members, never to the member who moved, and only while that member still belongs to the
 * home; `no-recent-fix` is presence unknown (no fix for hours, or sharing paused), not a departure, so it
 * tells nobody. A member who paused sharing is never announced: geofencing ignores their fixes, so it
 * publishes no arrival or exit for them (its test/privacy.test.ts). Entering or leaving a zone of one's own
 * goes to that user alone, when its `notify` is set. Dedup keys are stable per event and recipient.
 */
export function createPresenceNotifier({ homes, requestNotice, clock }: PresenceNotifierDeps) {
  const tell = createNoticeTeller(requestNotice, clock);

  async function tellHome(
    message: Extract<PresenceMessage, { type: keyof typeof homeTemplates }>,
  ): Promise<number> {
    const { homeId, userId, at } = message.event;
    if (message.type === 'home.member-left' && message.event.reason === 'no-recent-fix') return 0;
    const home = await homes.homeOf(homeId);
    const mover = home?.members.find((member) => member.userId === userId);
    if (home === undefined || mover === undefined) return 0;
    const others = home.members.filter((member) => member.userId !== userId).map((member) => member.userId);
    const what = homeTemplates[message.type];
    const notice = {
      category: 'presence',
      severity: 'info',
      template: `presence.member-${what}`,
      data: { homeName: home.name, memberName: mover.email, at },
    } as const;
    await tell(others, notice, (recipient) => `presence:${homeId}:${userId}:${what}:${at}:${recipient}`);
    return others.length;
  }

  async function tellUser(
    message: Extract<PresenceMessage, { type: keyof typeof zoneTemplates }>,
  ): Promise<number> {
    const { userId, zoneId, zoneName, notify, at } = message.event;
    if (!notify) return 0;
    const what = zoneTemplates[message.type];
    const notice = {
      category: 'geofence',
      severity: 'info',
      template: `geofence.zone-${what}`,
      data: { zoneName, at },
    } as const;
    await tell([userId], notice, () => `geofence:${zoneId}:${what}:${at}:${userId}`);
    return 1;
  }

  return {
    /** Resolves with the number of people asked to be told. */
    handle(message: PresenceMessage): Promise<number> {
      return message.type === 'home.member-arrived' || message.type === 'home.member-left'
        ? tellHome(message)
        : tellUser(message);
    },
  };
}

/** The use case of the presence-notifications consumer. */
export type PresenceNotifier = ReturnType<typeof createPresenceNotifier>;
