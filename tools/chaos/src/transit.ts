import { retryQueueName, stateWorkersQueue } from '@homeport/contracts';
import { defaultConsumeOptions } from '@homeport/messaging';
import { createRedisClient } from '@homeport/storage';
import type { PipelineResources } from '@homeport/testing';
import amqplib from 'amqplib';

/** Accepted messages on their way: where a message that is not stored yet may still be. */
export interface InTransit {
  /** Packets in broker-api's Redis queues of fan-out's persistent sessions, not yet PUBACKed by fan-out. */
  readonly atBroker: number;
  /** AMQP messages (each one or more device messages) ready in state-workers' ingest and retry queues. */
  readonly inRabbitMq: number;
}

/** Reads how much is in transit; rejects while a server is away. */
export async function readInTransit(resources: PipelineResources): Promise<InTransit> {
  return { atBroker: await countBrokerQueues(resources), inRabbitMq: await countIngestQueues(resources) };
}

// aedes-persistence-redis' key layout, which broker-api's scripted queue keeps: `outgoing:<client id>`.
async function countBrokerQueues(resources: PipelineResources): Promise<number> {
  const redis = createRedisClient({ url: resources.urls.redisUrl, keyPrefix: '' });
  try {
    let total = 0;
    for await (const keys of redis.scanStream({ match: `${resources.redisPrefixes.broker}*outgoing:*` })) {
      for (const key of keys as string[]) total += await redis.llen(key);
    }
    return total;
  } finally {
    redis.disconnect();
  }
}

async function countIngestQueues(resources: PipelineResources): Promise<number> {
  const names = [
    stateWorkersQueue.name,
    ...defaultConsumeOptions.retryDelaysMs.map((delayMs) => retryQueueName(stateWorkersQueue, delayMs)),
  ];
  const connection = await amqplib.connect(resources.urls.amqpUrl);
  try {
    const channel = await connection.createChannel();
    let total = 0;
    for (const name of names) total += (await channel.checkQueue(resources.amqpPrefix + name)).messageCount;
    await channel.close();
    return total;
  } finally {
    await connection.close();
  }
}
