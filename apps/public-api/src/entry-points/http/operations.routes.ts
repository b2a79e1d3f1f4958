import {
  JoinOperatorsRequest,
  OperatorAccessResponse,
  PlatformHealthResponse,
  QueueOverviewQuery,
  QueueOverviewResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { OperationsService } from '../../domain/operations-service';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

const operationsTag = { tags: ['operations'], ...authenticated };
/** A person's own session only (`account:write`): no token or OAuth client reaches the platform's insides. */
const forOperators = forUsers('account:write');

/** The platform's health and queues, for its operators (403 NOT_OPERATOR for everyone else). */
export const operationsRoutes: HttpRoutes<{ operations: OperationsService }> = (app, { operations }) => {
  app.get(
    '/operations/access',
    {
      ...forOperators,
      schema: {
        ...operationsTag,
        description:
          'Whether the signed-in person is a platform operator (the console shows its Operations page).',
        response: { 200: OperatorAccessResponse, ...errorResponses(401, 403) },
      },
    },
    async (request) => operations.readAccess(userCallerOf(request)),
  );
  app.get(
    '/operations/health',
    {
      ...forOperators,
      schema: {
        ...operationsTag,
        description:
          "Every service's health, probed now: up when its `/ready` answers ready within the probe timeout " +
          '(OPERATIONS_PROBE_TIMEOUT_MS), with its dependencies as it reports them and a few figures of its ' +
          '`/metrics`; public-api itself first. Operators only (403 NOT_OPERATOR).',
        response: { 200: PlatformHealthResponse, ...errorResponses(401, 403) },
      },
    },
    async (request) => operations.readHealth(userCallerOf(request)),
  );
  app.get(
    '/operations/queues',
    {
      ...forOperators,
      schema: {
        ...operationsTag,
        description:
          'Every work queue of the platform: messages ready, consumers, dead letters, and the first ' +
          '`deadLetters` of them with why they were given up on (read and left in place; not their bodies). ' +
          'Operators only (403 NOT_OPERATOR); 503 when the queue broker cannot be reached.',
        querystring: QueueOverviewQuery,
        response: { 200: QueueOverviewResponse, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => operations.readQueues(userCallerOf(request), request.query.deadLetters),
  );
  app.post(
    '/operations/join',
    {
      ...forOperators,
      schema: {
        ...operationsTag,
        description:
          'The embedded platform only (`npm start`): the caller becomes a platform operator with the code its ' +
          'banner printed (403 JOIN_CODE_INVALID otherwise). In a deployment it is 404: operators are made ' +
          'with `node dist/admin.js operator --email`.',
        body: JoinOperatorsRequest,
        response: { 200: OperatorAccessResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => operations.join(userCallerOf(request), request.body.code),
  );
  return Promise.resolve();
};
