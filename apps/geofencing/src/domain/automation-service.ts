import { maxAutomationsPerHome, type AutomationRequest } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import type { Automation, AutomationRun, AutomationStore } from './automations';

const notFound = () => new AppError('not_found', 'AUTOMATION_NOT_FOUND', 'no such automation in this home');

/** Restore and "on the way home" belong to arrivals; a device appears once per automation. */
function checkRequest(request: AutomationRequest): void {
  const fields: { location: 'body'; path: string; message: string }[] = [];
  if (request.trigger !== 'first-arrival') {
    if (request.restore)
      fields.push({ location: 'body', path: '/restore', message: 'only for first-arrival' });
    if (request.onTheWayHomeWithinMeters !== null) {
      const message = 'only for first-arrival';
      fields.push({ location: 'body', path: '/onTheWayHomeWithinMeters', message });
    }
  }
  const seen = new Set<string>();
  request.actions.forEach((action, index) => {
    if (seen.has(action.deviceId)) {
      fields.push({ location: 'body', path: `/actions/${index}/deviceId`, message: 'appears twice' });
    }
    seen.add(action.deviceId);
    if (!request.restore && Object.keys(action.set).length === 0) {
      fields.push({ location: 'body', path: `/actions/${index}/set`, message: 'sets nothing' });
    }
  });
  if (fields.length > 0) {
    const message = fields.map((field) => `${field.path} ${field.message}`).join('; ');
    throw new AppError('invalid', 'AUTOMATION_INVALID', message, { details: { fields } });
  }
}

/**
 * A home's automations and their run log (the internal API's use cases). The caller (public-api) has
 * checked the person's role and the devices' features; here every call is confined to the path's home.
 */
export function createAutomationService(deps: {
  readonly store: AutomationStore;
  readonly now: () => number;
}) {
  const { store, now } = deps;
  return {
    list: (homeId: string): Promise<Automation[]> => store.list(homeId),

    async get(homeId: string, automationId: string): Promise<Automation> {
      return (await store.find(homeId, automationId)) ?? Promise.reject(notFound());
    },

    async create(homeId: string, request: AutomationRequest): Promise<Automation> {
      checkRequest(request);
      if ((await store.count(homeId)) >= maxAutomationsPerHome) {
        const message = `a home holds at most ${maxAutomationsPerHome} automations`;
        throw new AppError('conflict', 'AUTOMATIONS_LIMIT', message);
      }
      const at = now();
      const automation: Automation = { ...request, id: randomUUID(), homeId, createdAt: at, updatedAt: at };
      await store.insert(automation);
      return automation;
    },

    async replace(homeId: string, automationId: string, request: AutomationRequest): Promise<Automation> {
      checkRequest(request);
      const current = await store.find(homeId, automationId);
      if (current === undefined) throw notFound();
      const automation: Automation = { ...current, ...request, updatedAt: now() };
      if (!(await store.replace(automation))) throw notFound();
      return automation;
    },

    async remove(homeId: string, automationId: string): Promise<void> {
      if (!(await store.remove(homeId, automationId))) throw notFound();
    },

    listRuns: (homeId: string, limit: number): Promise<AutomationRun[]> => store.listRuns(homeId, limit),
  };
}

/** The automation use cases. */
export type AutomationService = ReturnType<typeof createAutomationService>;
