import {
  deadLetterExchange,
  deadLetterQueueName,
  deviceMessagesExchange,
  retryQueueName,
  stateWorkersQueue,
} from '@homeport/contracts';
import {
  createAmqpMessageBus,
  defaultConsumeOptions,
  type DeadLetter,
  type MessageBus,
} from '@homeport/messaging';
import { createLogger, createMetricsRegistry, type Registry } from '@homeport/observability';
import { createRedisClient } from '@homeport/storage';
import { readTestServerUrls } from '@homeport/testing';
import amqplib from 'amqplib';
import { loadFanOutConfig, type FanOutConfig } from '../../src/config';
import { startFanOut, type FanOut } from '../../src/fan-out';
import { waitFor } from '@homeport/testing';

const urls = readTestServerUrls();
const showLogs = process.env['FAN_OUT_TEST_LOG_LEVEL'] !== undefined;

/** The environment of a fan-out under test: quiet, quick to reconnect, on the suite's own names. */
export function createTestEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    AMQP_URL: urls.amqpUrl,
    LOG_LEVEL: process.env['FAN_OUT_TEST_LOG_LEVEL'] ?? 'silent',
    MQTT_PROTOCOL_VERSION: '5',
    MQTT_RECONNECT_MS: '100',
    MQTT_CONNECT_TIMEOUT_MS: '2000',
    SHUTDOWN_GRACE_MS: '1000',
    RETRY_MAX_DELAY_MS: '200',
    REDIS_URL: urls.redisUrl,
    ...overrides,
  };
}

/** A fan-out wired in-process, as main.ts wires it, with what tests look at. */
export interface TestFanOut {
  readonly fanOut: FanOut;
  readonly config: FanOutConfig;
  readonly registry: Registry;
  readonly bus: MessageBus;
  /** Errors that would have ended the process. */
  readonly fatalErrors: unknown[];
  /** The log lines written (at LOG_LEVEL), parsed. */
  readonly logLines: Record<string, unknown>[];
  /** Sum of a counter's or gauge's values over its labels. */
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

/** Starts fan-out with its own bus (and Redis client when partitioned), like main.ts does. */
/** Waits until the instance's MQTT sessions are connected and subscribed (its `mqtt` readiness check passes). */
export async function waitUntilSubscribed(instance: TestFanOut, what = 'fan-out subscribed'): Promise<void> {
  const checkMqtt = instance.fanOut.readinessChecks['mqtt'];
  if (checkMqtt === undefined) throw new Error('fan-out has no mqtt readiness check');
  await waitFor(
    () =>
      checkMqtt().then(
        () => true,
        () => false,
      ),
    what,
  );
}

export async function startTestFanOut(
  env: Record<string, string>,
  replicaId = 'test',
  /** Changes what fan-out sees of its bus, e.g. to make one publish fail as a bug would. */
  adjustBus: (bus: MessageBus) => MessageBus = (bus) => bus,
): Promise<TestFanOut> {
  const config = loadFanOutConfig(env);
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'fan-out',
    level: config.LOG_LEVEL,
    destination: {
      write: (line: string) => {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
        if (showLogs) process.stdout.write(line);
      },
    },
  });
  const registry = createMetricsRegistry({ service: 'fan-out', collectDefaults: false });
  const bus = await createAmqpMessageBus({
    url: config.AMQP_URL,
    connectionName: `fan-out-test-${config.AMQP_NAME_PREFIX}${replicaId}`,
    queues: [stateWorkersQueue],
    namePrefix: config.AMQP_NAME_PREFIX,
    publishTimeoutMs: config.AMQP_PUBLISH_TIMEOUT_MS,
    reconnectDelayMs: 100,
  });
  const redis =
    config.SUBSCRIPTION_MODE === 'partitioned' && config.REDIS_URL !== undefined
      ? createRedisClient({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX })
      : undefined;
  const fatalErrors: unknown[] = [];
  const fanOut = startFanOut(config, {
    bus: adjustBus(bus),
    ...(redis && { redis }),
    logger,
    registry,
    replicaId,
    onFatal: (error) => fatalErrors.push(error),
  });
  return {
    fanOut,
    config,
    registry,
    bus,
    fatalErrors,
    logLines,
    async metric(name) {
      const metric = registry.getSingleMetric(name);
      if (metric === undefined) throw new Error(`no metric ${name}`);
      const { values } = await metric.get();
      return values.reduce((sum, { value }) => sum + value, 0);
    },
    async stop() {
      await fanOut.stop();
      await bus.close();
      await redis?.quit();
    },
  };
}

/** An envelope as it arrived on the work queue (the consumer validated it against the contract). */
export interface ReceivedEnvelope {
  readonly type: string;
  readonly messageId: string;
  readonly envelope: {
    messageId: string;
    vendorId: string;
    deviceId: string;
    receivedAt: number;
    payload: unknown;
  };
}

/** What `collectEnvelopes` collected, and the dead letters of the same queue. */
export interface EnvelopeCollector {
  readonly received: ReceivedEnvelope[];
  /** Removes and returns up to `max` dead letters of the suite's state-workers queue. */
  takeDeadLetters(max: number): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

/** Consumes the suite's state-workers queue and keeps what arrives (over its own RabbitMQ connection). */
export async function collectEnvelopes(namePrefix: string): Promise<EnvelopeCollector> {
  const bus = await createAmqpMessageBus({
    url: urls.amqpUrl,
    connectionName: `fan-out-test-collector-${namePrefix}`,
    queues: [stateWorkersQueue],
    namePrefix,
  });
  const received: ReceivedEnvelope[] = [];
  const record = (envelope: ReceivedEnvelope['envelope'], meta: { type: string; messageId: string }) => {
    received.push({ type: meta.type, messageId: meta.messageId, envelope });
    return Promise.resolve();
  };
  await bus.consume(
    stateWorkersQueue,
    {
      'device.reported.v1': record,
      'device.telemetry.v1': record,
      'device.event.v1': record,
      // broker-api's lifecycle events share the queue; fan-out never publishes them.
      'device.deleted.v1': () => Promise.resolve(),
      'device.credential-issued.v1': () => Promise.resolve(),
    },
    { prefetch: 200 },
  );
  return {
    received,
    takeDeadLetters: (max) => bus.takeDeadLetters(stateWorkersQueue, max),
    close: () => bus.close(),
  };
}

/** Deletes what the suite's buses declared (durable, so it would outlive the test). */
export async function deleteTopology(namePrefix: string): Promise<void> {
  const connection = await amqplib.connect(urls.amqpUrl);
  try {
    const channel = await connection.createChannel();
    const queue = stateWorkersQueue;
    const queues = [
      queue.name,
      deadLetterQueueName(queue),
      ...defaultConsumeOptions.retryDelaysMs.map((delayMs) => retryQueueName(queue, delayMs)),
    ];
    for (const name of queues) await channel.deleteQueue(namePrefix + name);
    for (const exchange of [deviceMessagesExchange, deadLetterExchange]) {
      await channel.deleteExchange(namePrefix + exchange.name);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** How often each message id arrived. */
export function countById(received: readonly ReceivedEnvelope[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { messageId } of received) counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
  return counts;
}

/** True when every id arrived (duplicates and other ids are allowed). */
export function hasArrived(received: readonly ReceivedEnvelope[], messageIds: readonly string[]): boolean {
  const arrived = new Set(received.map(({ messageId }) => messageId));
  return messageIds.every((messageId) => arrived.has(messageId));
}

/** The message ids `publishTelemetry` gives a device's messages. */
export function telemetryIds(
  address: { vendorId: string; deviceId: string },
  firstSeq: number,
  count: number,
): string[] {
  return Array.from(
    { length: count },
    (_, index) => `${address.vendorId}/${address.deviceId}/telemetry/${firstSeq + index}`,
  );
}

/** Takes the collector's dead letters until `count` messages have come (each message once). */
export async function takeDeadLetters(collector: EnvelopeCollector, count: number): Promise<DeadLetter[]> {
  // By message id: delivery is at least once, so a redelivered message can be dead-lettered twice.
  const letters = new Map<string, DeadLetter>();
  await waitFor(async () => {
    for (const letter of await collector.takeDeadLetters(count - letters.size)) {
      letters.set(letter.messageId ?? `unnamed-${letters.size}`, letter);
    }
    return letters.size >= count;
  }, `${count} dead letters`);
  return [...letters.values()];
}
