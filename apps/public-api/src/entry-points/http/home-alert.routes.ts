import {
  AcknowledgeHomeAlertRequest,
  AlertList,
  AlertResponse,
  HomeAlertParams,
  HomeIdParams,
  OwnedAlertListQuery,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { HomeAlertService } from '../../domain/home-alert-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

const alertsTag = { tags: ['home alerts'], ...authenticated };
const reach =
  "Members of the home; a home that is not yours is 404 HOME_NOT_FOUND, another home's alert 404 ALERT_NOT_FOUND.";

/** A home's alerts (open ones and their history) and their acknowledgement. */
export const homeAlertRoutes: HttpRoutes<{ alerts: HomeAlertService }> = (app, { alerts }) => {
  app.get(
    '/homes/:homeId/alerts',
    {
      ...forUsers('alerts:read'),
      schema: {
        ...alertsTag,
        description:
          'The alerts of the home, newest first, by device, rule, status (`open`: pending or firing) and ' +
          `time; \`nextCursor\` pages on. ${reach}`,
        params: HomeIdParams,
        querystring: OwnedAlertListQuery,
        response: { 200: AlertList, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => alerts.listAlerts(userCallerOf(request), request.params.homeId, request.query),
  );
  app.get(
    '/homes/:homeId/alerts/:alertId',
    {
      ...forUsers('alerts:read'),
      schema: {
        ...alertsTag,
        params: HomeAlertParams,
        response: { 200: AlertResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => alerts.getAlert(userCallerOf(request), request.params.homeId, request.params.alertId),
  );
  app.post(
    '/homes/:homeId/alerts/:alertId/acknowledge',
    {
      ...forUsers('alerts:write'),
      schema: {
        ...alertsTag,
        description:
          'The caller acknowledges a firing alert: its escalation stops. With `snoozeSeconds`, its rule on ' +
          `that device tells nobody until then (its openings are still kept). Audited. ${reach}`,
        params: HomeAlertParams,
        body: AcknowledgeHomeAlertRequest,
        response: { 200: AlertResponse, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const { homeId, alertId } = request.params;
      return alerts.acknowledge(userCallerOf(request), homeId, alertId, request.body.snoozeSeconds);
    },
  );
  return Promise.resolve();
};
