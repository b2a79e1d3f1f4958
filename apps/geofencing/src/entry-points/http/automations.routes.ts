import {
  AutomationList,
  AutomationParams,
  AutomationRequest,
  AutomationResponse,
  AutomationRunList,
  AutomationRunQuery,
  HomeIdParams,
  type AutomationRunResponse,
} from '@homeport/contracts';
import { httpErrorSchema, type HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { AutomationService } from '../../domain/automation-service';
import type { Automation, AutomationRun } from '../../domain/automations';

const errors = (...statuses: number[]) =>
  Object.fromEntries([401, ...statuses].map((status) => [status, httpErrorSchema]));
const iso = (ms: number) => new Date(ms).toISOString();

/** An automation as the API answers it. */
export function toAutomationResponse(automation: Automation): AutomationResponse {
  return { ...automation, createdAt: iso(automation.createdAt), updatedAt: iso(automation.updatedAt) };
}

/** A run as the log shows it. */
function toRunResponse(run: AutomationRun): AutomationRunResponse {
  const { actions: _actions, restore: _restore, ...fields } = run;
  return {
    ...fields,
    changes: (run.changes ?? []).map((change) => ({ ...change })),
    createdAt: iso(run.createdAt),
    finishedAt: run.finishedAt === null ? null : iso(run.finishedAt),
  };
}

/** A home's automations (CRUD) and their run log (libs/contracts http/geofencing-api.ts). */
export const automationRoutes: HttpRoutes<{ automations: AutomationService }> = (app, { automations }) => {
  const tags = ['automations'];
  const base = '/homes/:homeId/automations';
  app.get(
    base,
    { schema: { tags, params: HomeIdParams, response: { 200: AutomationList, ...errors(400) } } },
    async (request) => ({
      items: (await automations.list(request.params.homeId)).map(toAutomationResponse),
    }),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        description: 'The devices and their features are checked by the caller (public-api).',
        params: HomeIdParams,
        body: AutomationRequest,
        response: { 201: AutomationResponse, ...errors(400, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(toAutomationResponse(await automations.create(request.params.homeId, request.body))),
  );
  app.get(
    `${base}/runs`,
    {
      schema: {
        tags,
        description: 'What each run changed on which device, why, and how it went; newest first.',
        params: HomeIdParams,
        querystring: AutomationRunQuery,
        response: { 200: AutomationRunList, ...errors(400) },
      },
    },
    async (request) => ({
      items: (await automations.listRuns(request.params.homeId, request.query.limit)).map(toRunResponse),
    }),
  );
  app.get(
    `${base}/:automationId`,
    { schema: { tags, params: AutomationParams, response: { 200: AutomationResponse, ...errors(404) } } },
    async (request) =>
      toAutomationResponse(await automations.get(request.params.homeId, request.params.automationId)),
  );
  app.put(
    `${base}/:automationId`,
    {
      schema: {
        tags,
        description:
          'Replaces the automation; runs already recorded keep the actions they were recorded with.',
        params: AutomationParams,
        body: AutomationRequest,
        response: { 200: AutomationResponse, ...errors(400, 404) },
      },
    },
    async (request) => {
      const { homeId, automationId } = request.params;
      return toAutomationResponse(await automations.replace(homeId, automationId, request.body));
    },
  );
  app.delete(
    `${base}/:automationId`,
    {
      schema: {
        tags,
        description: 'Deletes the automation; its runs stay in the log.',
        params: AutomationParams,
        response: { 204: Type.Null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      await automations.remove(request.params.homeId, request.params.automationId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
