import type { WebhookDeliveryPage } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { WebhookDeliveryLog } from '../domain/webhooks';
import type { InternalApiSend } from './internal-api-transport';

const endpointPath = (endpointId: string, rest = '') =>
  `/webhook-endpoints/${encodeURIComponent(endpointId)}${rest}`;

/**
 * An endpoint notifications has no record of (nothing delivered yet) is answered as one without deliveries;
 * a missing route is not that, but a deployment without notifications' webhook API (503 like any fault).
 */
async function unlessUnknown<T>(call: Promise<T>, otherwise: T): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found' && error.code !== 'ROUTE_NOT_FOUND') {
      return otherwise;
    }
    if (error instanceof AppError && error.code === 'ROUTE_NOT_FOUND') {
      throw new AppError('unavailable', 'NOTIFICATIONS_UNAVAILABLE', 'notifications serves no webhook API', {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Endpoints' deliveries through the notifications service's internal HTTP API (its webhook routes): the
 * endpoint's id is in every path; public-api decided beforehand that the caller owns it.
 */
export function createNotificationsApiWebhooks(send: InternalApiSend): WebhookDeliveryLog {
  return {
    enable: (endpointId) =>
      unlessUnknown(send<undefined>('POST', endpointPath(endpointId, '/enable')), undefined),
    forget: (endpointId) => unlessUnknown(send<undefined>('DELETE', endpointPath(endpointId)), undefined),
    deliveries: (endpointId, { status, limit, before }) =>
      unlessUnknown(
        send<WebhookDeliveryPage>('GET', endpointPath(endpointId, '/deliveries'), {
          query: { status, limit, before },
        }),
        { items: [] },
      ),
  };
}
