import {
  AcknowledgeAlertRequest,
  AlertList,
  AlertListQuery,
  AlertParams,
  AlertResponse,
  AlertScopeQuery,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { AlertRecord } from '../../domain/alert-events';
import type { AlertHistory } from '../../domain/alert-history';
import { renderAlertMessage } from '../../domain/message-template';
import { errorResponses } from './error-responses';

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An alert as the API answers it. */
function toResponse(alert: AlertRecord): AlertResponse {
  const { rule } = alert;
  return {
    id: alert.alertId,
    ruleId: rule.id,
    ruleName: rule.name,
    owner: rule.owner,
    vendorId: alert.vendorId,
    deviceId: alert.deviceId,
    homeId: alert.homeId,
    severity: rule.severity,
    status: alert.status,
    message: renderAlertMessage({ rule, deviceId: alert.deviceId, value: alert.value }),
    value: alert.value,
    pendingSince: new Date(alert.pendingSinceMs).toISOString(),
    firedAt: isoOrNull(alert.firedAtMs),
    resolvedAt: isoOrNull(alert.resolvedAtMs),
    acknowledgedAt: isoOrNull(alert.acknowledgedAtMs),
    acknowledgedBy: alert.acknowledgedBy,
    snoozedUntil: isoOrNull(alert.snoozedUntilMs),
    flapping: alert.flapping,
  };
}

/** The alerts' history and acknowledgements (libs/contracts http/alerts-api-alerts.ts). */
export const alertsRoutes: HttpRoutes<{ history: AlertHistory }> = (app, { history }) => {
  const tags = ['alerts'];
  app.get(
    '/alerts',
    {
      schema: {
        tags,
        description:
          "One scope's alerts (homeId: its devices'; vendorId: its rules'), newest opening first, paged by cursor.",
        querystring: AlertListQuery,
        response: { 200: AlertList, ...errorResponses(400) },
      },
    },
    async (request) => {
      const page = await history.list(request.query);
      return { items: page.items.map(toResponse), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/alerts/:alertId',
    {
      schema: {
        tags,
        description: 'An alert outside the scope given (homeId or vendorId) is 404 ALERT_NOT_FOUND.',
        params: AlertParams,
        querystring: AlertScopeQuery,
        response: { 200: AlertResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => toResponse(await history.get(request.params.alertId, request.query)),
  );
  app.post(
    '/alerts/:alertId/acknowledge',
    {
      schema: {
        tags,
        description:
          'Acknowledges a firing alert (again: the same answer) and publishes alert.acknowledged; a pending or ' +
          'resolved one is 409 ALERT_NOT_FIRING. With snoozeSeconds, the events of the rule on that device ' +
          'carry notify: false until then.',
        params: AlertParams,
        querystring: AlertScopeQuery,
        body: AcknowledgeAlertRequest,
        response: { 200: AlertResponse, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) =>
      toResponse(await history.acknowledge(request.params.alertId, request.query, request.body)),
  );
  return Promise.resolve();
};
