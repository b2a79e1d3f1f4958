import type {
  homeMemberArrivedV1,
  homeMemberLeftV1,
  homeOccupancyChangedV1,
  MessagePayload,
  userZoneEnteredV1,
  userZoneLeftV1,
} from '@homeport/contracts';

/** A home's occupancy change, as its event carries it. */
export interface OccupancyChange {
  readonly type: 'home.occupancy-changed.v1';
  readonly payload: MessagePayload<typeof homeOccupancyChangedV1>;
}

/** An event geofencing publishes, as its outbox keeps it until RabbitMQ confirmed it. */
export type PresenceEvent =
  | { readonly type: 'home.member-arrived.v1'; readonly payload: MessagePayload<typeof homeMemberArrivedV1> }
  | { readonly type: 'home.member-left.v1'; readonly payload: MessagePayload<typeof homeMemberLeftV1> }
  | OccupancyChange
  | { readonly type: 'user.zone-entered.v1'; readonly payload: MessagePayload<typeof userZoneEnteredV1> }
  | { readonly type: 'user.zone-left.v1'; readonly payload: MessagePayload<typeof userZoneLeftV1> };

/** The event of a member's arrival or exit. */
export function memberEvent(
  homeId: string,
  userId: string,
  transition: { readonly kind: 'arrived' | 'left'; readonly at: number },
  detectedAt: number,
  reason: 'exited' | 'no-recent-fix' = 'exited',
): PresenceEvent {
  const { at } = transition;
  return transition.kind === 'arrived'
    ? { type: 'home.member-arrived.v1', payload: { homeId, userId, at, detectedAt } }
    : { type: 'home.member-left.v1', payload: { homeId, userId, reason, at, detectedAt } };
}

/** The occupancy event when the members at home went from none to some or back; none otherwise. */
export function occupancyEvent(
  homeId: string,
  wasOccupied: boolean,
  membersHome: number,
  at: number,
): OccupancyChange | undefined {
  const occupied = membersHome > 0;
  if (occupied === wasOccupied) return undefined;
  return { type: 'home.occupancy-changed.v1', payload: { homeId, occupied, membersHome, at } };
}

/** The event of a user entering or leaving a zone of their own. */
export function userZoneEvent(
  userId: string,
  zone: { readonly zoneId: string; readonly name: string; readonly notify: boolean },
  transition: { readonly kind: 'arrived' | 'left'; readonly at: number },
  detectedAt: number,
): PresenceEvent {
  const payload = {
    userId,
    zoneId: zone.zoneId,
    zoneName: zone.name,
    notify: zone.notify,
    at: transition.at,
    detectedAt,
  };
  return transition.kind === 'arrived'
    ? { type: 'user.zone-entered.v1', payload }
    : { type: 'user.zone-left.v1', payload };
}
