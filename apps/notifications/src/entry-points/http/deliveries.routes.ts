import {
  DeliveryLogPage,
  DeliveryLogQuery,
  NotificationUserParams,
  OperatorDeliveryLogQuery,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { DeliveryLogReader } from '../../domain/delivery-log';
import { errorResponses } from './error-responses';

const defaultLimit = 50;

/** The delivery log: a user's own (GET /users/{userId}/deliveries) and everyone's for operators. */
export const deliveriesRoutes: HttpRoutes<{ deliveries: DeliveryLogReader }> = (app, { deliveries }) => {
  const tags = ['deliveries'];
  app.get(
    '/users/:userId/deliveries',
    {
      schema: {
        tags,
        description: 'Newest first; pass `nextBefore` as `before` for the next page.',
        params: NotificationUserParams,
        querystring: DeliveryLogQuery,
        response: { 200: DeliveryLogPage, ...errorResponses(400) },
      },
    },
    (request) =>
      deliveries.page({
        ...request.query,
        userId: request.params.userId,
        limit: request.query.limit ?? defaultLimit,
      }),
  );
  app.get(
    '/deliveries',
    {
      schema: {
        tags,
        description: 'Operators: every user, or the one named by `userId`.',
        querystring: OperatorDeliveryLogQuery,
        response: { 200: DeliveryLogPage, ...errorResponses(400) },
      },
    },
    (request) =>
      deliveries.page({
        ...request.query,
        userId: request.query.userId,
        limit: request.query.limit ?? defaultLimit,
      }),
  );
  return Promise.resolve();
};
