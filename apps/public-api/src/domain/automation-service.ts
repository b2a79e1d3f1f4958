import type {
  AutomationList,
  AutomationRequest,
  AutomationResponse,
  AutomationRunList,
} from '@homeport/contracts';
import { AppError, isAppError } from '@homeport/errors';
import type { AuditLog } from './audit';
import { canManageAutomations, canViewAutomations } from './automation-policies';
import type { HomeAutomations } from './automations';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import { checkDesiredPatch } from './device-features';
import type { HomeRepository } from './homes';
import type { OwnerDevices } from './owner-devices';

/** What the automation use cases need. */
export interface AutomationServiceDeps {
  readonly homes: HomeRepository;
  readonly devices: Pick<OwnerDevices, 'findInHomes' | 'featuresOf'>;
  readonly automations: HomeAutomations;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

const homeNotFound = () => new AppError('not_found', 'HOME_NOT_FOUND', 'no such home among yours');
const refused = () =>
  new AppError('forbidden', 'HOME_ROLE_INSUFFICIENT', "only the home's owners set its automations");

/**
 * A home's automations for its people: members read them and their run log, owners create, replace and
 * delete them. Each device must be in that home (another home's is 404 DEVICE_NOT_FOUND) and each property a
 * feature of its product with the type the device reports (400 AUTOMATION_PROPERTY_INVALID naming
 * `/actions/<i>/set/<name>`). Changes are audited once geofencing stored them.
 */
export function createAutomationService(deps: AutomationServiceDeps) {
  const { homes, devices, automations, audit, clock } = deps;

  async function checkRole(caller: UserCaller, homeId: string, write: boolean): Promise<void> {
    const scope = await homes.loadScope(caller.userId);
    if (!canViewAutomations(scope, homeId)) throw homeNotFound();
    if (write && !canManageAutomations(scope, homeId)) throw refused();
  }

  async function checkActions(homeId: string, request: AutomationRequest): Promise<void> {
    for (const [index, action] of request.actions.entries()) {
      const device = await devices.findInHomes([homeId], action.deviceId);
      if (device === undefined) {
        const message = `actions/${index}: no such device in this home`;
        throw new AppError('not_found', 'DEVICE_NOT_FOUND', message, {
          details: { fields: [{ location: 'body', path: `/actions/${index}/deviceId`, message }] },
        });
      }
      try {
        // Features are the properties a device takes (a reported-only one such as temperature is none).
        checkDesiredPatch(action.set, await devices.featuresOf(device), undefined);
      } catch (error) {
        if (!isAppError(error) || error.kind !== 'invalid') throw error;
        throw refinePath(error, `/actions/${index}/set`);
      }
    }
  }

  const record = (
    caller: UserCaller,
    homeId: string,
    action: string,
    automation: { id: string; name: string },
  ) =>
    audit.record({
      caller,
      at: clock.now(),
      action,
      outcome: 'succeeded',
      homeId,
      details: { automationId: automation.id, name: automation.name },
    });

  return {
    async list(caller: UserCaller, homeId: string): Promise<AutomationList> {
      await checkRole(caller, homeId, false);
      return automations.list(homeId);
    },
    async get(caller: UserCaller, homeId: string, automationId: string): Promise<AutomationResponse> {
      await checkRole(caller, homeId, false);
      return automations.get(homeId, automationId);
    },
    async create(
      caller: UserCaller,
      homeId: string,
      request: AutomationRequest,
    ): Promise<AutomationResponse> {
      await checkRole(caller, homeId, true);
      await checkActions(homeId, request);
      const created = await automations.create(homeId, request);
      await record(caller, homeId, 'automation.created', created);
      return created;
    },
    async replace(
      caller: UserCaller,
      homeId: string,
      automationId: string,
      request: AutomationRequest,
    ): Promise<AutomationResponse> {
      await checkRole(caller, homeId, true);
      await checkActions(homeId, request);
      const replaced = await automations.replace(homeId, automationId, request);
      await record(caller, homeId, 'automation.replaced', replaced);
      return replaced;
    },
    async remove(caller: UserCaller, homeId: string, automationId: string): Promise<void> {
      await checkRole(caller, homeId, true);
      const current = await automations.get(homeId, automationId);
      await automations.remove(homeId, automationId);
      await record(caller, homeId, 'automation.deleted', current);
    },
    async listRuns(caller: UserCaller, homeId: string, limit: number): Promise<AutomationRunList> {
      await checkRole(caller, homeId, false);
      return automations.listRuns(homeId, limit);
    },
  };
}

/** The automation use cases. */
export type AutomationService = ReturnType<typeof createAutomationService>;

/** The feature check's refusal, its fields placed under the action (`/actions/0/set/setpoint`). */
function refinePath(error: AppError, prefix: string): AppError {
  const fields = (error.details?.['fields'] ?? []) as { location: string; path: string; message: string }[];
  const placed = fields.map((field) => ({ ...field, path: `${prefix}${field.path}` }));
  const message = placed.map((field) => `${field.path} ${field.message}`).join('; ');
  return new AppError('invalid', 'AUTOMATION_PROPERTY_INVALID', message, { details: { fields: placed } });
}
