import type {
  deviceCommandFinishedV1,
  devicePresenceV1,
  deviceStateChangedV1,
  MessagePayload,
  WebhookEventBody,
  WebhookEventType,
} from '@homeport/contracts';
import { createHash } from 'node:crypto';
import { toPublicAlertEvent, type AlertMessage } from './alert-events';
import type { Clock } from './clock';
import { homeOfPresence, type DeviceHomes } from './live-events';
import type { WebhookMessages, WebhookRepository } from './webhooks';

type StateChanged = MessagePayload<typeof deviceStateChangedV1>;
type Presence = MessagePayload<typeof devicePresenceV1>;
type CommandFinished = MessagePayload<typeof deviceCommandFinishedV1>;

/** What the matcher needs. */
export interface WebhookMatcherDeps {
  /** The device's home, as the live recorder finds it (broker-api's registry, cached briefly). */
  readonly deviceHomes: DeviceHomes;
  readonly endpoints: WebhookRepository;
  readonly messages: WebhookMessages;
  readonly clock: Clock;
}

/**
 * The `webhook-id` of an event's deliveries: derived from the event's AMQP message id alone, so a redelivered
 * event gives the same id (notifications keeps one delivery per id and endpoint, receivers drop duplicates).
 */
export function webhookMessageIdOf(eventMessageId: string): string {
  return `msg_${createHash('sha256').update(eventMessageId).digest('base64url').slice(0, 32)}`;
}

/** One event as the matcher sees it: its device, time, type and public data (without the home). */
interface MatchableEvent {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly type: WebhookEventBody['type'];
  readonly at: number;
  readonly data: Record<string, unknown>;
}

/** Whose endpoints an event reaches: its vendor's (none: undefined) and its home's members' (none: undefined). */
interface EventReach {
  readonly vendorId: string | undefined;
  readonly homeId: string | undefined;
}

/**
 * Turns homeport.events into one delivery request per matching endpoint. Resolves once every request is
 * confirmed by the broker (the consumer acks the event only then); a failure retries the whole event, whose
 * requests keep their ids.
 */
export function createWebhookMatcher(deps: WebhookMatcherDeps) {
  const { deviceHomes, endpoints, messages, clock } = deps;

  /**
   * A device's event reaches its vendor and the device's home: the one it is in now, or the one the event
   * names (`homeOf`: a presence event's).
   */
  async function match(
    event: MatchableEvent,
    eventMessageId: string,
    homeOf = () => deviceHomes.homeOf(event.deviceId),
  ): Promise<number> {
    return deliver(event, { vendorId: event.vendorId, homeId: await homeOf() }, eventMessageId);
  }

  async function deliver(event: MatchableEvent, reach: EventReach, eventMessageId: string): Promise<number> {
    const { homeId } = reach;
    const eventType: WebhookEventType = event.type;
    const matched = await endpoints.match(eventType, reach, clock.now());
    if (matched.length === 0) return 0;
    const timestamp = new Date(event.at).toISOString();
    const bodyOf = (withHome: boolean) => {
      const data =
        withHome && homeId !== undefined
          ? { deviceId: event.deviceId, homeId, ...event.data }
          : { deviceId: event.deviceId, ...event.data };
      return JSON.stringify({ type: event.type, timestamp, data });
    };
    const bodies = { owner: bodyOf(true), vendor: bodyOf(false) };
    const messageId = webhookMessageIdOf(eventMessageId);
    const requestedAt = clock.now().getTime();
    await Promise.all(
      matched.map((endpoint) =>
        messages.requestDelivery({
          endpointId: endpoint.id,
          url: endpoint.url,
          secret: endpoint.secret,
          messageId,
          eventType,
          body: endpoint.forOwner ? bodies.owner : bodies.vendor,
          requestedAt,
        }),
      ),
    );
    return matched.length;
  }

  return {
    /**
     * An alert's event reaches the home it opened in, and the vendor's endpoints only for the vendor's own
     * default rules: a home's rules, their names and messages are the home's.
     */
    matchAlert(message: AlertMessage, eventMessageId: string): Promise<number> {
      const { scope, event } = toPublicAlertEvent(message);
      const reach = {
        vendorId: scope.ofVendorRule ? scope.vendorId : undefined,
        homeId: scope.homeId ?? undefined,
      };
      const matchable = { ...scope, type: event.type, data: event.data };
      return deliver(matchable, reach, eventMessageId);
    },
    matchStateChanged: (event: StateChanged, eventMessageId: string) =>
      match(
        {
          vendorId: event.vendorId,
          deviceId: event.deviceId,
          type: 'device.state-changed',
          at: event.reportedAt,
          data: {
            changed: event.changed,
            state: event.state,
            reportedAt: new Date(event.reportedAt).toISOString(),
          },
        },
        eventMessageId,
      ),
    matchPresence: (event: Presence, eventMessageId: string) =>
      match(
        {
          vendorId: event.vendorId,
          deviceId: event.deviceId,
          type: 'device.presence',
          at: event.at,
          data: { status: event.status, reason: event.reason, at: new Date(event.at).toISOString() },
        },
        eventMessageId,
        () => homeOfPresence(deviceHomes, event),
      ),
    matchCommandFinished: (event: CommandFinished, eventMessageId: string) =>
      match(
        {
          vendorId: event.vendorId,
          deviceId: event.deviceId,
          type: 'device.command-finished',
          at: event.finishedAt,
          data: {
            commandId: event.commandId,
            name: event.name,
            status: event.status,
            finishedAt: new Date(event.finishedAt).toISOString(),
          },
        },
        eventMessageId,
      ),
  };
}

/** The use cases of the webhook-events consumer. */
export type WebhookMatcher = ReturnType<typeof createWebhookMatcher>;
