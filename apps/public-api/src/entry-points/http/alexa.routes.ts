import { AlexaRequestBody, AlexaResponseBody } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { AlexaService } from '../../domain/alexa-service';
import { errorResponses } from './authenticate';

/**
 * `POST /v1/assistants/alexa`: what the Alexa skill's Lambda function forwards. Always 200 with the event
 * Alexa expects, refusals as ErrorResponses: the person's token is the one inside the directive (its
 * endpoint's or payload's scope, AcceptGrant's grantee, a skill event's user), checked by the directive's
 * handling, so this route sits outside the bearer-token scope.
 */
export const alexaRoutes: HttpRoutes<{ alexa: AlexaService }> = (app, { alexa }) => {
  app.post(
    '/assistants/alexa',
    {
      schema: {
        tags: ['assistants'],
        summary: 'Alexa Smart Home Skill API v3 directives and skill events',
        description:
          'Discover, ReportState, PowerController, BrightnessController, ColorController, ThermostatController, ' +
          'AcceptGrant and AlexaSkillEvent.SkillDisabled, as Alexa sent them to the skill (its Lambda function ' +
          "forwards them unchanged). Needs a person's OAuth access token (scopes devices:read, devices:write for " +
          "controllers) inside the directive; a missing, expired or revoked one is answered as Alexa's " +
          'INVALID_AUTHORIZATION_CREDENTIAL or EXPIRED_AUTHORIZATION_CREDENTIAL ErrorResponse.',
        security: [{ bearerAuth: [] }, { oauth2: ['devices:read', 'devices:write'] }],
        body: AlexaRequestBody,
        response: { 200: AlexaResponseBody, ...errorResponses(400) },
      },
    },
    (request) => alexa.handle(request.body, request.ip),
  );
  return Promise.resolve();
};
