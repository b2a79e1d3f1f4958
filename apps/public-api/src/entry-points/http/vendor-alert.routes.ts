import {
  AlertList,
  AlertRuleList,
  AlertRulePageQuery,
  AlertRuleResponse,
  CreateOwnedAlertRuleRequest,
  OwnedAlertListQuery,
  UpdateAlertRuleRequest,
  VendorAlertRuleParams,
  VendorIdParams,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { VendorAlertService } from '../../domain/vendor-alert-service';
import { authenticated, callerOf, errorResponses, forVendorsAndMembers } from './authenticate';

const rulesTag = { tags: ['vendor alert rules'], ...authenticated };
const reach =
  "A vendor's own key, or a member of the vendor; any other vendor is 404 VENDOR_NOT_FOUND, another vendor's " +
  'rule 404 RULE_NOT_FOUND.';

/** A vendor's default rules for its products, and the alerts of its fleet. */
export const vendorAlertRoutes: HttpRoutes<{ alerts: VendorAlertService }> = (app, { alerts }) => {
  app.get(
    '/vendors/:vendorId/alert-rules',
    {
      ...forVendorsAndMembers('alerts:read'),
      schema: {
        ...rulesTag,
        description: `The vendor's default rules, newest first. ${reach}`,
        params: VendorIdParams,
        querystring: AlertRulePageQuery,
        response: { 200: AlertRuleList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => ({
      items: await alerts.listRules(callerOf(request), request.params.vendorId, request.query.limit ?? 100),
    }),
  );
  app.post(
    '/vendors/:vendorId/alert-rules',
    {
      ...forVendorsAndMembers('alerts:write'),
      schema: {
        ...rulesTag,
        description:
          'A default rule for every device of one of its products (target `product`; one device, or ' +
          "another vendor's product, is 400 RULE_TARGET_INVALID), checked against the product's features " +
          `(400 RULE_PROPERTY_UNKNOWN). Homes may mute it. Audited. ${reach}`,
        params: VendorIdParams,
        body: CreateOwnedAlertRuleRequest,
        response: { 201: AlertRuleResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const rule = await alerts.createRule(callerOf(request), request.params.vendorId, request.body);
      return reply.code(201).send(rule);
    },
  );
  app.get(
    '/vendors/:vendorId/alert-rules/:ruleId',
    {
      ...forVendorsAndMembers('alerts:read'),
      schema: {
        ...rulesTag,
        params: VendorAlertRuleParams,
        response: { 200: AlertRuleResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => alerts.getRule(callerOf(request), request.params.vendorId, request.params.ruleId),
  );
  app.patch(
    '/vendors/:vendorId/alert-rules/:ruleId',
    {
      ...forVendorsAndMembers('alerts:write'),
      schema: {
        ...rulesTag,
        description: `Changes what the body names (the target stays). Audited. ${reach}`,
        params: VendorAlertRuleParams,
        body: UpdateAlertRuleRequest,
        response: { 200: AlertRuleResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { vendorId, ruleId } = request.params;
      return alerts.updateRule(callerOf(request), vendorId, ruleId, request.body);
    },
  );
  app.delete(
    '/vendors/:vendorId/alert-rules/:ruleId',
    {
      ...forVendorsAndMembers('alerts:write'),
      schema: {
        ...rulesTag,
        description: `Audited. ${reach}`,
        params: VendorAlertRuleParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await alerts.deleteRule(callerOf(request), request.params.vendorId, request.params.ruleId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/vendors/:vendorId/alerts',
    {
      ...forVendorsAndMembers('alerts:read'),
      schema: {
        tags: ['vendor alerts'],
        ...authenticated,
        description:
          "The alerts of the vendor's devices (its rules' and the homes' alike), newest first, by device, " +
          `rule, status and time; \`nextCursor\` pages on. ${reach}`,
        params: VendorIdParams,
        querystring: OwnedAlertListQuery,
        response: { 200: AlertList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => alerts.listAlerts(callerOf(request), request.params.vendorId, request.query),
  );
  return Promise.resolve();
};
