import {
  AutomationList,
  AutomationParams,
  AutomationRequest,
  AutomationResponse,
  AutomationRunList,
  AutomationRunQuery,
  HomeIdParams,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { AutomationService } from '../../domain/automation-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

const tags = { tags: ['automations'], ...authenticated };
const base = '/homes/:homeId/automations';

/** A home's automations (members read, owners write) and their run log, kept by geofencing. */
export const automationRoutes: HttpRoutes<{ automations: AutomationService }> = (app, { automations }) => {
  app.get(
    base,
    {
      ...forUsers('automations:read'),
      schema: {
        ...tags,
        params: HomeIdParams,
        response: { 200: AutomationList, ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request) => automations.list(userCallerOf(request), request.params.homeId),
  );
  app.post(
    base,
    {
      ...forUsers('automations:write'),
      schema: {
        ...tags,
        description:
          'Owners only. When the home becomes empty (`home-empty`) or its first member arrives (`first-arrival`, ' +
          'optionally restoring the values the last home-empty run found, and starting early when a member is ' +
          'on the way home), set properties of devices of the home through their desired state. A device of ' +
          'another home is 404 DEVICE_NOT_FOUND; a property that is not a feature of its product (a read-only ' +
          'one such as temperature) is 400 AUTOMATION_PROPERTY_INVALID naming it. Audited.',
        params: HomeIdParams,
        body: AutomationRequest,
        response: { 201: AutomationResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await automations.create(userCallerOf(request), request.params.homeId, request.body)),
  );
  app.get(
    `${base}/runs`,
    {
      ...forUsers('automations:read'),
      schema: {
        ...tags,
        description: 'What each run changed on which device, why (whose exit or arrival), and how it went.',
        params: HomeIdParams,
        querystring: AutomationRunQuery,
        response: { 200: AutomationRunList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) =>
      automations.listRuns(userCallerOf(request), request.params.homeId, request.query.limit),
  );
  app.get(
    `${base}/:automationId`,
    {
      ...forUsers('automations:read'),
      schema: {
        ...tags,
        params: AutomationParams,
        response: { 200: AutomationResponse, ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request) =>
      automations.get(userCallerOf(request), request.params.homeId, request.params.automationId),
  );
  app.put(
    `${base}/:automationId`,
    {
      ...forUsers('automations:write'),
      schema: {
        ...tags,
        description: 'Owners only; checked as a creation is. Audited.',
        params: AutomationParams,
        body: AutomationRequest,
        response: { 200: AutomationResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { homeId, automationId } = request.params;
      return automations.replace(userCallerOf(request), homeId, automationId, request.body);
    },
  );
  app.delete(
    `${base}/:automationId`,
    {
      ...forUsers('automations:write'),
      schema: {
        ...tags,
        description: 'Owners only; its runs stay in the log. Audited.',
        params: AutomationParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await automations.remove(userCallerOf(request), request.params.homeId, request.params.automationId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
