import type {
  GoogleCommandResult,
  GoogleIntentInput,
  GoogleQueryDevice,
  GoogleSmartHomeRequest,
  GoogleSmartHomeResponse,
} from '@homeport/contracts';
import type { AccountAuthorizations } from './account-authorizations';
import type { CapabilityChange } from './assistant-capabilities';
import type { AssistantDevices, AssistantDeviceState } from './assistant-devices';
import { hasScope, type UserCaller } from './callers';
import type { Clock } from './clock';
import { toCapabilityChange } from './google-commands';
import { oauthGrantRequired, toGoogleErrorCode, writeScopeRequired } from './google-errors';
import type { GoogleLinks } from './google-links';
import { groupCommandResults, toGoogleStates, toGoogleSyncDevice } from './google-traits';

/** What the Google fulfillment needs. */
export interface GoogleFulfillmentDeps {
  readonly devices: AssistantDevices;
  readonly links: GoogleLinks;
  readonly authorizations: Pick<AccountAuthorizations, 'revoke'>;
  readonly clock: Clock;
}

type OAuthCaller = UserCaller & {
  readonly credential: Extract<UserCaller['credential'], { kind: 'oauth' }>;
};
type ExecuteInput = Extract<GoogleIntentInput, { intent: 'action.devices.EXECUTE' }>;
type DeviceResult = { readonly id: string; readonly result: Omit<GoogleCommandResult, 'ids'> };

const isOAuthCaller = (caller: UserCaller): caller is OAuthCaller => caller.credential.kind === 'oauth';

/**
 * Google Smart Home's intents for a linked user (https://developers.home.google.com/cloud-to-cloud/intents):
 * SYNC, QUERY, EXECUTE and DISCONNECT, on the AssistantDevices port, so every device is one of the caller's
 * homes and of a mapped product.
 */
export function createGoogleFulfillment(deps: GoogleFulfillmentDeps) {
  const { devices, links, authorizations, clock } = deps;

  async function sync(caller: OAuthCaller, requestId: string): Promise<GoogleSmartHomeResponse> {
    const listed = await devices.list(caller);
    const link = {
      grantId: caller.credential.grantId,
      clientId: caller.credential.clientId,
      userId: caller.userId,
    };
    await links.saveSync(
      link,
      listed.map((device) => device.id),
      clock.now(),
    );
    return { requestId, payload: { agentUserId: caller.userId, devices: listed.map(toGoogleSyncDevice) } };
  }

  async function query(caller: OAuthCaller, requestId: string, ids: readonly string[]) {
    const states = await devices.read(caller, ids);
    const answer: Record<string, GoogleQueryDevice> = {};
    for (const id of ids) {
      const state = states.get(id);
      if (state === undefined) {
        answer[id] = { status: 'ERROR', errorCode: 'deviceNotFound' };
        continue;
      }
      const { device, values } = state;
      const googleStates = toGoogleStates(device.mapping, values, device.online);
      answer[id] = device.online
        ? { ...googleStates, status: 'SUCCESS' }
        : { ...googleStates, status: 'OFFLINE', errorCode: 'deviceOffline' };
    }
    return { requestId, payload: { devices: answer } };
  }

  /** One device's changes, merged (an EXECUTE may carry several for it), applied through the port. */
  async function executeOn(
    caller: OAuthCaller,
    id: string,
    known: AssistantDeviceState | undefined,
    execution: ExecuteInput['payload']['commands'][number]['execution'],
  ): Promise<DeviceResult> {
    if (known === undefined) return { id, result: { status: 'ERROR', errorCode: 'deviceNotFound' } };
    const { mapping } = known.device;
    if (!known.device.online) return { id, result: { status: 'OFFLINE', errorCode: 'deviceOffline' } };
    try {
      const change: CapabilityChange = Object.assign(
        {},
        ...execution.map((one) => toCapabilityChange(one, mapping)),
      ) as CapabilityChange;
      const outcome = await devices.change(caller, id, change);
      if (outcome.confirmed) {
        return {
          id,
          result: { status: 'SUCCESS', states: toGoogleStates(mapping, outcome.state.values, true) },
        };
      }
      // Accepted, not yet confirmed: the states Google shows are the ones asked for (PENDING).
      const accepted = { ...outcome.state.values, ...change };
      return { id, result: { status: 'PENDING', states: toGoogleStates(mapping, accepted, true) } };
    } catch (error) {
      const errorCode = toGoogleErrorCode(error);
      return { id, result: { status: errorCode === 'deviceOffline' ? 'OFFLINE' : 'ERROR', errorCode } };
    }
  }

  async function execute(caller: OAuthCaller, requestId: string, input: ExecuteInput) {
    if (!hasScope(caller, 'devices:write')) throw writeScopeRequired();
    const commands = input.payload.commands;
    const ids = [...new Set(commands.flatMap((command) => command.devices.map((device) => device.id)))];
    const states = await devices.read(caller, ids);
    const results = await Promise.all(
      commands.flatMap((command) =>
        command.devices.map(({ id }) => executeOn(caller, id, states.get(id), command.execution)),
      ),
    );
    return { requestId, payload: { commands: groupCommandResults(results) } };
  }

  return {
    /** Answers one fulfillment request of the caller (an OAuth grant's access token). */
    async fulfill(caller: UserCaller, request: GoogleSmartHomeRequest): Promise<GoogleSmartHomeResponse> {
      if (!isOAuthCaller(caller)) throw oauthGrantRequired();
      const { requestId } = request;
      // The schema admits exactly one input.
      const [input] = request.inputs as [GoogleIntentInput];
      switch (input.intent) {
        case 'action.devices.SYNC':
          return sync(caller, requestId);
        case 'action.devices.QUERY':
          return query(
            caller,
            requestId,
            input.payload.devices.map((device) => device.id),
          );
        case 'action.devices.EXECUTE':
          return execute(caller, requestId, input);
        case 'action.devices.DISCONNECT':
          // Unlinking in Google ends the grant: its tokens stop working, and no report goes to it again.
          await links.remove(caller.credential.grantId);
          await authorizations.revoke(caller, caller.credential.clientId);
          return {};
      }
    },
  };
}

/** The Google fulfillment's use case. */
export type GoogleFulfillment = ReturnType<typeof createGoogleFulfillment>;
