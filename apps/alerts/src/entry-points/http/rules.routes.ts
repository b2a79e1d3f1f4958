import {
  AlertRuleList,
  AlertRuleParams,
  AlertRuleQuery,
  AlertRuleResponse,
  CreateAlertRuleRequest,
  UpdateAlertRuleRequest,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { AlertRule } from '../../domain/alert-rule';
import type { Rules } from '../../domain/rules';
import { errorResponses as errors } from './error-responses';

/** A rule as the API answers it. */
function toResponse(rule: AlertRule): AlertRuleResponse {
  const { vendorId: _vendorId, productId: _productId, createdAt, updatedAt, ...fields } = rule;
  return { ...fields, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

/** CRUD of alert rules (libs/contracts http/alerts-api.ts). */
export const rulesRoutes: HttpRoutes<{ rules: Rules }> = (app, { rules }) => {
  const tags = ['rules'];
  app.post(
    '/rules',
    {
      schema: {
        tags,
        description:
          "Checked against the product's features: an unknown property is 400 RULE_PROPERTY_UNKNOWN.",
        body: CreateAlertRuleRequest,
        response: { 201: AlertRuleResponse, ...errors(400, 404, 503) },
      },
    },
    async (request, reply) => reply.code(201).send(toResponse(await rules.create(request.body))),
  );
  app.get(
    '/rules',
    {
      schema: {
        tags,
        description: 'The rules of one owner (homeId or vendorId), newest first.',
        querystring: AlertRuleQuery,
        response: { 200: AlertRuleList, ...errors(400) },
      },
    },
    async (request) => ({ items: (await rules.list(request.query)).map(toResponse) }),
  );
  app.get(
    '/rules/:ruleId',
    { schema: { tags, params: AlertRuleParams, response: { 200: AlertRuleResponse, ...errors(404) } } },
    async (request) => toResponse(await rules.get(request.params.ruleId)),
  );
  app.patch(
    '/rules/:ruleId',
    {
      schema: {
        tags,
        description: 'A changed rule is evaluated afresh on the next reading of each device.',
        params: AlertRuleParams,
        body: UpdateAlertRuleRequest,
        response: { 200: AlertRuleResponse, ...errors(400, 404, 503) },
      },
    },
    async (request) => toResponse(await rules.update(request.params.ruleId, request.body)),
  );
  app.delete(
    '/rules/:ruleId',
    {
      schema: {
        tags,
        description: 'Deletes the rule and its alerts (history included).',
        params: AlertRuleParams,
        response: { 204: Type.Null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      await rules.remove(request.params.ruleId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
