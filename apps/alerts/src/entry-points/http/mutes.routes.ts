import { HomeMutesParams, RuleMuteList, RuleMuteParams, RuleMuteResponse } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { RuleMute } from '../../domain/ports';
import type { RuleMutes } from '../../domain/rule-mutes';
import { errorResponses } from './error-responses';

const toResponse = (mute: RuleMute): RuleMuteResponse => ({
  ruleId: mute.ruleId,
  homeId: mute.homeId,
  mutedAt: new Date(mute.mutedAtMs).toISOString(),
});

/** A home's mutes of vendor rules (libs/contracts http/alerts-api-alerts.ts). */
export const mutesRoutes: HttpRoutes<{ mutes: RuleMutes }> = (app, { mutes }) => {
  const tags = ['muted rules'];
  app.get(
    '/homes/:homeId/muted-rules',
    {
      schema: { tags, params: HomeMutesParams, response: { 200: RuleMuteList, ...errorResponses(400) } },
    },
    async (request) => ({ items: (await mutes.list(request.params.homeId)).map(toResponse) }),
  );
  app.get(
    '/homes/:homeId/muted-rules/:ruleId',
    {
      schema: {
        tags,
        description: 'A rule the home has not muted is 404 RULE_MUTE_NOT_FOUND.',
        params: RuleMuteParams,
        response: { 200: RuleMuteResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => toResponse(await mutes.get(request.params.homeId, request.params.ruleId)),
  );
  app.put(
    '/homes/:homeId/muted-rules/:ruleId',
    {
      schema: {
        tags,
        description:
          "Mutes a vendor's rule for the home: it is no longer evaluated for the home's devices, its pending " +
          'alerts there are forgotten and its firing ones resolve (alert.resolved with notify: false). A home ' +
          'rule is 400 RULE_NOT_MUTABLE. Muting again keeps the first mute.',
        params: RuleMuteParams,
        response: { 200: RuleMuteResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => toResponse(await mutes.mute(request.params.homeId, request.params.ruleId)),
  );
  app.delete(
    '/homes/:homeId/muted-rules/:ruleId',
    {
      schema: {
        tags,
        description: 'Unmutes the rule (204 also when it was not muted): it is evaluated again.',
        params: RuleMuteParams,
        response: { 204: Type.Null(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      await mutes.unmute(request.params.homeId, request.params.ruleId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
