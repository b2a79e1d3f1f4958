import { Type, type Static } from 'typebox';

/**
 * public-api's operations routes (`/v1/operations`): for the platform's operators only, the health of every
 * service and dependency and the work queues with their dead letters.
 */
const Timestamp = Type.String({ format: 'date-time' });
const Up = Type.Union([Type.Literal('up'), Type.Literal('down')]);

/** GET /v1/operations/access: whether the signed-in person is a platform operator. */
export const OperatorAccessResponse = Type.Object(
  { operator: Type.Boolean() },
  { examples: [{ operator: true }] },
);
export type OperatorAccessResponse = Static<typeof OperatorAccessResponse>;

/** POST /v1/operations/join: the operators' join code of the embedded platform (`npm start`'s banner). */
export const JoinOperatorsRequest = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false, examples: [{ code: 'pQ7x2Lm9Vb4Nc8Rt1Hd6Sf0Jg3Ka5Wy' }] },
);
export type JoinOperatorsRequest = Static<typeof JoinOperatorsRequest>;

/** One dependency of a service (its database, queue, cache, ...) as the service's `/ready` reports it. */
export const DependencyHealth = Type.Object({
  name: Type.String(),
  status: Up,
  /** Why it is down, as the service tells it (`failed`, `timed out`): never the driver's message. */
  reason: Type.Optional(Type.String()),
});
export type DependencyHealth = Static<typeof DependencyHealth>;

/** One service: up when its `/ready` answered ready within the probe timeout. */
export const ServiceHealth = Type.Object({
  name: Type.String(),
  status: Up,
  /** Why it is down: `not ready` (some dependency is down), `timed out`, `unreachable`, `answered 500`. */
  reason: Type.Optional(Type.String()),
  dependencies: Type.Array(DependencyHealth),
  /** From its `/metrics`, when it answered: the process's resident memory. */
  memoryBytes: Type.Optional(Type.Number({ minimum: 0 })),
  /** From its `/metrics`: HTTP requests served since the process started. */
  requestsServed: Type.Optional(Type.Number({ minimum: 0 })),
  /** From its `/metrics`: messages (device messages, queue events) handled since the process started. */
  messagesHandled: Type.Optional(Type.Number({ minimum: 0 })),
});
export type ServiceHealth = Static<typeof ServiceHealth>;

/** GET /v1/operations/health. */
export const PlatformHealthResponse = Type.Object(
  { checkedAt: Timestamp, services: Type.Array(ServiceHealth) },
  {
    examples: [
      {
        checkedAt: '2026-12-04T18:00:00.000Z',
        services: [
          {
            name: 'public-api',
            status: 'up',
            dependencies: [
              { name: 'postgres', status: 'up' },
              { name: 'rabbitmq', status: 'up' },
            ],
            memoryBytes: 123_000_000,
            requestsServed: 5120,
          },
          {
            name: 'state-workers',
            status: 'down',
            reason: 'timed out',
            dependencies: [],
          },
        ],
      },
    ],
  },
);
export type PlatformHealthResponse = Static<typeof PlatformHealthResponse>;

/**
 * A dead letter as operators see it: why it was given up on, not its body (an email request's body holds a
 * person's address and a one-time link).
 */
export const DeadLetterSummary = Type.Object({
  messageId: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  reason: Type.String(),
  errorCode: Type.String(),
  attempts: Type.Integer({ minimum: 0 }),
  failedAt: Timestamp,
});
export type DeadLetterSummary = Static<typeof DeadLetterSummary>;

/** One work queue of contracts with its dead-letter queue. */
export const QueueHealth = Type.Object({
  name: Type.String(),
  description: Type.String(),
  /** False while no service has declared it on the broker (its figures are then absent). */
  declared: Type.Boolean(),
  /** Messages ready for a consumer. */
  messages: Type.Optional(Type.Integer({ minimum: 0 })),
  consumers: Type.Optional(Type.Integer({ minimum: 0 })),
  deadLetters: Type.Optional(Type.Integer({ minimum: 0 })),
  /** The first dead letters, read and left in place. */
  firstDeadLetters: Type.Array(DeadLetterSummary),
});
export type QueueHealth = Static<typeof QueueHealth>;

/** GET /v1/operations/queues. */
export const QueueOverviewResponse = Type.Object(
  { checkedAt: Timestamp, queues: Type.Array(QueueHealth) },
  {
    examples: [
      {
        checkedAt: '2026-12-04T18:00:00.000Z',
        queues: [
          {
            name: 'notifications.account-emails',
            description: 'Account emails to send.',
            declared: true,
            messages: 0,
            consumers: 1,
            deadLetters: 1,
            firstDeadLetters: [
              {
                messageId: '0b6f4c9e-3c1a-4b8e-9d55-2f1e7c0a9b21',
                type: 'user.email-verification-requested.v1',
                reason: 'payload failed its schema: /to must match format "email"',
                errorCode: 'MESSAGE_INVALID',
                attempts: 1,
                failedAt: '2026-12-04T17:59:12.000Z',
              },
            ],
          },
        ],
      },
    ],
  },
);
export type QueueOverviewResponse = Static<typeof QueueOverviewResponse>;

/** Query of GET /v1/operations/queues: how many dead letters of each queue to list. */
export const QueueOverviewQuery = Type.Object(
  { deadLetters: Type.Integer({ minimum: 0, maximum: 20, default: 5 }) },
  { additionalProperties: false },
);
export type QueueOverviewQuery = Static<typeof QueueOverviewQuery>;
