import type { HomeRole } from '@homeport/contracts';
import type { AlertMessage } from './alert-events';
import type { Clock } from './clock';
import type { HomeDirectory } from './home-directory';
import { createNoticeTeller, type RequestNotice } from './notice-requests';

/** The people of an alert's home, and who was told of each alert (public-api's schema). */
export interface AlertAudience extends HomeDirectory {
  /** Notes that these users were told of the alert (noted already: unchanged). */
  noteTold(alertId: string, userIds: readonly string[], at: Date): Promise<void>;
  /** Who was told of the alert. */
  toldOf(alertId: string): Promise<string[]>;
  /** Forgets who was told of the alert (once its resolution is requested). */
  forget(alertId: string): Promise<void>;
}

/** What the notifier needs. */
export interface AlertNotifierDeps {
  readonly audience: AlertAudience;
  readonly requestNotice: RequestNotice;
  readonly clock: Clock;
}

/**
 * Who hears of an alert, by level: its firing (level 0) goes to the home's owners; escalation level 1 (a
 * critical alert nobody acknowledged in time) to the home's other members; each further level to every
 * member again, a reminder.
 */
export function recipientsAtLevel(members: readonly { userId: string; role: HomeRole }[], level: number) {
  if (level >= 2) return members.map((member) => member.userId);
  const wanted: HomeRole = level === 0 ? 'owner' : 'member';
  return members.filter((member) => member.role === wanted).map((member) => member.userId);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the alert.triggered template shows of the reading (offline and no-data rules have none). */
function readingOf(event: Extract<AlertMessage, { type: 'alert.fired' }>['event']) {
  const metric = event.property ?? event.condition;
  const value = event.value === null ? event.condition : event.value;
  return { metric, value: typeof value === 'boolean' ? String(value) : value };
}

/**
 * Turns the alerts service's events into notification requests for the people of the alert's home: fired →
 * its owners, escalated → the next recipients (recipientsAtLevel), resolved → whoever was told of it,
 * flapping → one notice to the owners when it starts (its end is in the live stream and webhooks). An event
 * with `notify: false` (snoozed, flapping, muted) tells nobody. Each request's dedup key is stable per alert, level (or resolution) and user, so a redelivered
 * event queues nothing new at the notifications service.
 */
export function createAlertNotifier({ audience, requestNotice, clock }: AlertNotifierDeps) {
  const tell = createNoticeTeller(requestNotice, clock);
  const homeOf = (homeId: string | null) =>
    homeId === null || !uuidPattern.test(homeId) ? Promise.resolve(undefined) : audience.homeOf(homeId);

  return {
    /** Resolves with the number of people asked to be told. */
    async handle(message: AlertMessage): Promise<number> {
      if (message.type === 'alert.acknowledged') return 0;
      const { event } = message;
      const quiet = 'notify' in event && event.notify === false;
      if (message.type === 'alert.resolved') {
        const { alertId } = message.event;
        // A quiet resolution (the home muted the rule, the rule is snoozed) tells nobody, and ends the record.
        const told = quiet ? [] : await audience.toldOf(alertId);
        const home = await homeOf(event.homeId);
        const data = {
          ruleName: event.ruleName,
          deviceName: event.deviceId,
          message: message.event.message,
          resolvedAt: message.event.resolvedAt,
          ...(home !== undefined && { homeName: home.name }),
        };
        const notice = { category: 'alert', severity: 'warning', template: 'alert.resolved', data } as const;
        await tell(told, notice, (userId) => `alert:${alertId}:resolved:${userId}`);
        await audience.forget(alertId);
        return told.length;
      }
      if (quiet) return 0;
      const home = await homeOf(event.homeId);
      if (home === undefined) return 0;
      const about = { ruleName: event.ruleName, deviceName: event.deviceId, homeName: home.name };
      if (message.type === 'alert.flapping-changed') {
        if (!message.event.flapping) return 0;
        const { ruleId, deviceId, transitions, windowSeconds, changedAt } = message.event;
        const owners = recipientsAtLevel(home.members, 0);
        const windowMinutes = Math.max(1, Math.round(windowSeconds / 60));
        const data = { ...about, transitions, windowMinutes, changedAt };
        const notice = { category: 'alert', severity: 'warning', template: 'alert.flapping', data } as const;
        await tell(owners, notice, (userId) => `alert-flapping:${ruleId}:${deviceId}:${changedAt}:${userId}`);
        return owners.length;
      }
      const level = message.type === 'alert.fired' ? 0 : message.event.level;
      const { alertId } = message.event;
      const recipients = recipientsAtLevel(home.members, level);
      // Noted before asking: a resolution handled right after finds them, whatever the order of the acks.
      await audience.noteTold(alertId, recipients, clock.now());
      const notice =
        message.type === 'alert.fired'
          ? {
              template: 'alert.triggered',
              data: { ...about, ...readingOf(message.event), triggeredAt: message.event.firedAt },
            }
          : {
              template: 'alert.escalated',
              data: { ...about, message: message.event.message, level, firedAt: message.event.firedAt },
            };
      await tell(
        recipients,
        { category: 'alert', severity: event.severity, ...notice },
        (userId) => `alert:${alertId}:${level}:${userId}`,
      );
      return recipients.length;
    },
  };
}

/** The use case of the alert-notifications consumer. */
export type AlertNotifier = ReturnType<typeof createAlertNotifier>;
