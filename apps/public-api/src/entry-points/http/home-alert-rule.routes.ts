import {
  AlertRuleList,
  AlertRulePageQuery,
  AlertRuleResponse,
  CreateOwnedAlertRuleRequest,
  HomeAlertRuleParams,
  HomeIdParams,
  HomeVendorAlertRuleList,
  RuleMuteResponse,
  UpdateAlertRuleRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { HomeAlertService } from '../../domain/home-alert-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

const rulesTag = { tags: ['home alert rules'], ...authenticated };
const reach =
  'Members read, owners write (403 HOME_ROLE_INSUFFICIENT); a home that is not yours is 404 HOME_NOT_FOUND, ' +
  "another home's rule 404 RULE_NOT_FOUND.";

/** A home's alert rules, and the vendor defaults that apply to its devices with its mutes of them. */
export const homeAlertRuleRoutes: HttpRoutes<{ alerts: HomeAlertService }> = (app, { alerts }) => {
  app.get(
    '/homes/:homeId/alert-rules',
    {
      ...forUsers('alerts:read'),
      schema: {
        ...rulesTag,
        description: `The home's own rules, newest first. ${reach}`,
        params: HomeIdParams,
        querystring: AlertRulePageQuery,
        response: { 200: AlertRuleList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => ({
      items: await alerts.listRules(userCallerOf(request), request.params.homeId, request.query.limit ?? 100),
    }),
  );
  app.post(
    '/homes/:homeId/alert-rules',
    {
      ...forUsers('alerts:write'),
      schema: {
        ...rulesTag,
        description:
          'A rule of the home (its owner is the home) on one of its devices or on its devices of a product, ' +
          "checked against the product's features: 400 RULE_PROPERTY_UNKNOWN names an unknown property, a " +
          `device of another home is 404 DEVICE_NOT_FOUND. Audited. ${reach}`,
        params: HomeIdParams,
        body: CreateOwnedAlertRuleRequest,
        response: { 201: AlertRuleResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const rule = await alerts.createRule(userCallerOf(request), request.params.homeId, request.body);
      return reply.code(201).send(rule);
    },
  );
  app.get(
    '/homes/:homeId/alert-rules/:ruleId',
    {
      ...forUsers('alerts:read'),
      schema: {
        ...rulesTag,
        params: HomeAlertRuleParams,
        response: { 200: AlertRuleResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => alerts.getRule(userCallerOf(request), request.params.homeId, request.params.ruleId),
  );
  app.patch(
    '/homes/:homeId/alert-rules/:ruleId',
    {
      ...forUsers('alerts:write'),
      schema: {
        ...rulesTag,
        description: `Changes what the body names (the target stays). Audited. ${reach}`,
        params: HomeAlertRuleParams,
        body: UpdateAlertRuleRequest,
        response: { 200: AlertRuleResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { homeId, ruleId } = request.params;
      return alerts.updateRule(userCallerOf(request), homeId, ruleId, request.body);
    },
  );
  app.delete(
    '/homes/:homeId/alert-rules/:ruleId',
    {
      ...forUsers('alerts:write'),
      schema: {
        ...rulesTag,
        description: `Audited. ${reach}`,
        params: HomeAlertRuleParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await alerts.deleteRule(userCallerOf(request), request.params.homeId, request.params.ruleId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/homes/:homeId/vendor-alert-rules',
    {
      ...forUsers('alerts:read'),
      schema: {
        ...rulesTag,
        description:
          "The device makers' default rules for the products of the home's devices, each with whether the " +
          `home muted it. ${reach}`,
        params: HomeIdParams,
        response: { 200: HomeVendorAlertRuleList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => ({
      items: await alerts.listVendorDefaults(userCallerOf(request), request.params.homeId),
    }),
  );
  app.put(
    '/homes/:homeId/vendor-alert-rules/:ruleId/mute',
    {
      ...forUsers('alerts:write'),
      schema: {
        ...rulesTag,
        description:
          'Owners mute a vendor default for the home: its alerts still open and are kept, nobody of the ' +
          `home is told. A rule that does not apply to the home is 404 RULE_NOT_FOUND. Audited. ${reach}`,
        params: HomeAlertRuleParams,
        response: { 200: RuleMuteResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => alerts.mute(userCallerOf(request), request.params.homeId, request.params.ruleId),
  );
  app.delete(
    '/homes/:homeId/vendor-alert-rules/:ruleId/mute',
    {
      ...forUsers('alerts:write'),
      schema: {
        ...rulesTag,
        description: `Owners unmute it (not muted: 204 all the same). Audited. ${reach}`,
        params: HomeAlertRuleParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await alerts.unmute(userCallerOf(request), request.params.homeId, request.params.ruleId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
