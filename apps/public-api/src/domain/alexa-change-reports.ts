import type {
  AlexaEvent,
  deviceChangedV1,
  devicePresenceV1,
  deviceStateChangedV1,
  MessagePayload,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import { addOrUpdateReport } from './alexa-discovery';
import {
  createAlexaEventDelivery,
  type AlexaEventDelivery,
  type AlexaEventGateway,
  type GatewayOutcome,
} from './alexa-event-delivery';
import type { AlexaLink, AlexaLinks, LoginWithAmazon } from './alexa-links';
import { changedProperties, connectivityProperty, toAlexaProperties } from './alexa-properties';
import { readCapabilityValues } from './assistant-capabilities';
import type { AssistantDevices, AssistantDeviceState } from './assistant-devices';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import { homeOfPresence, type DeviceHomes } from './live-events';

/** What the change reporter needs. */
export interface AlexaChangeReporterDeps {
  readonly deviceHomes: DeviceHomes;
  readonly links: AlexaLinks;
  readonly devices: AssistantDevices;
  readonly gateway: AlexaEventGateway;
  /** Absent when the skill's Login with Amazon credentials are not configured: nothing is sent. */
  readonly lwa: LoginWithAmazon | undefined;
  readonly clock: Clock;
}

type StateChanged = MessagePayload<typeof deviceStateChangedV1>;
type Presence = MessagePayload<typeof devicePresenceV1>;
type DeviceChanged = MessagePayload<typeof deviceChangedV1>;
type Link = AlexaLink & { readonly clientId: string };

/** The change of one device, as a ChangeReport for one person (their view of the device). */
type ReportOf = (state: AssistantDeviceState) => AlexaEvent | undefined;

function changeReport(
  state: AssistantDeviceState,
  change: AlexaEvent['event']['payload'],
  unchanged: ReturnType<typeof toAlexaProperties>,
): AlexaEvent {
  return {
    context: { properties: unchanged },
    event: {
      header: { namespace: 'Alexa', name: 'ChangeReport', payloadVersion: '3', messageId: randomUUID() },
      endpoint: { endpointId: state.device.id },
      payload: change,
    },
  };
}

/**
 * Sends homeport.events' state changes and presence to Alexa as ChangeReports, one per linked member of the
 * device's home who may see the device (as the assistants see it: a mapped product). A busy or failing gateway
 * fails the event (the queue retries it, with every link: a ChangeReport sent twice only repeats a state);
 * a link Alexa no longer accepts is removed.
 * https://developer.amazon.com/en-US/docs/alexa/smarthome/state-reporting-for-a-smart-home-skill.html
 */
export function createAlexaChangeReporter(deps: AlexaChangeReporterDeps) {
  const { links, devices, gateway, lwa, clock } = deps;

  const deliverEvent = lwa && createAlexaEventDelivery({ gateway, lwa, clock });

  /** Sends one report for one link: 'retry' or 'rejected' with why, or nothing to do again. */
  async function deliver(send: AlexaEventDelivery, link: Link, report: AlexaEvent): Promise<GatewayOutcome> {
    const outcome = await send(link.tokens, report, (tokens) => links.updateTokens(link.grantId, tokens));
    if (outcome.kind === 'link-gone') await links.remove(link.grantId);
    return outcome;
  }

  async function report(
    deviceId: string,
    reportOf: ReportOf,
    homeOf = () => deps.deviceHomes.homeOf(deviceId),
  ): Promise<number> {
    if (deliverEvent === undefined) return 0;
    const homeId = await homeOf();
    if (homeId === undefined) return 0;
    const linked = await links.findForHome(homeId, clock.now());
    const failures: GatewayOutcome[] = [];
    let sent = 0;
    for (const link of linked) {
      const caller: UserCaller = {
        kind: 'user',
        userId: link.userId,
        credential: { kind: 'oauth', clientId: link.clientId, grantId: link.grantId },
        scopes: new Set(['devices:read']),
        address: 'alexa-change-report',
      };
      const state = (await devices.read(caller, [deviceId])).get(deviceId);
      const event = state && reportOf(state);
      if (event === undefined) continue;
      const outcome = await deliver(deliverEvent, link, event);
      if (outcome.kind === 'accepted') sent += 1;
      else if (outcome.kind === 'retry' || outcome.kind === 'rejected') failures.push(outcome);
    }
    const retry = failures.find((failure) => failure.kind === 'retry');
    if (retry !== undefined)
      throw new AppError(
        'unavailable',
        'ALEXA_GATEWAY_UNAVAILABLE',
        `Alexa's event gateway: ${retry.reason}`,
      );
    if (failures.length > 0)
      throw new AppError(
        'invalid',
        'ALEXA_CHANGE_REPORT_REJECTED',
        `Alexa's event gateway: ${failures.map((failure) => ('reason' in failure ? failure.reason : '')).join('; ')}`,
      );
    return sent;
  }

  return {
    /** The capabilities among the changed properties, reported (nothing when none of them is mapped). */
    stateChanged(event: StateChanged): Promise<number> {
      return report(event.deviceId, (state) => {
        const { mapping } = state.device;
        const changed = changedProperties(mapping, readCapabilityValues(mapping, event.changed), {
          at: new Date(event.reportedAt),
          uncertaintyMs: 0,
        });
        if (changed.length === 0) return undefined;
        const names = new Set(changed.map((property) => `${property.namespace}.${property.name}`));
        const unchanged = toAlexaProperties(state, clock.now()).filter(
          (property) => !names.has(`${property.namespace}.${property.name}`),
        );
        return changeReport(
          state,
          { change: { cause: { type: 'PHYSICAL_INTERACTION' }, properties: changed } },
          unchanged,
        );
      });
    },
    /** Connectivity: OK when the device connects, UNREACHABLE when it goes. */
    presence(event: Presence): Promise<number> {
      return report(
        event.deviceId,
        (state) => {
          const connectivity = connectivityProperty(event.status === 'online', {
            at: new Date(event.at),
            uncertaintyMs: 0,
          });
          const unchanged = toAlexaProperties(state, clock.now()).filter(
            (property) => property.namespace !== 'Alexa.EndpointHealth',
          );
          return changeReport(
            state,
            { change: { cause: { type: 'PHYSICAL_INTERACTION' }, properties: [connectivity] } },
            unchanged,
          );
        },
        () => homeOfPresence(deps.deviceHomes, event),
      );
    },
    /**
     * A claim or move into a home (the event names it), or a rename: an AddOrUpdateReport of the endpoint. A
     * desired change is no news to discovery; a release sends nothing (its old home is not in the event).
     */
    deviceChanged(event: DeviceChanged): Promise<number> {
      if (event.change === 'desired') return Promise.resolve(0);
      if (event.change === 'details') return report(event.deviceId, addOrUpdateReport);
      const homeId = event.ownerId;
      if (typeof homeId !== 'string') return Promise.resolve(0);
      return report(event.deviceId, addOrUpdateReport, () => Promise.resolve(homeId));
    },
  };
}

/** The ChangeReport use cases. */
export type AlexaChangeReporter = ReturnType<typeof createAlexaChangeReporter>;
