import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  notificationRecipientsQueue,
  notificationRequestedV1,
  notificationRequestsQueue,
  userContactChangedV1,
} from '@homeport/contracts';
import { createAmqpMessageBus, defaultConsumeOptions } from '@homeport/messaging';
import {
  createTestDatabase,
  createUniqueName,
  deleteAmqpTopology,
  readTestServerUrls,
  startServiceProcess,
  waitFor,
} from '@homeport/testing';
import { SMTPServer } from 'smtp-server';
import { createProcessSampler, processById } from './process-sampler';

/** What sending the emails through notifications came to. */
export interface EmailBenchResult {
  readonly emails: number;
  readonly seconds: number;
  /** Emails the SMTP server took per second, from the first request published to the last email in. */
  readonly emailsPerSecond: number;
  /** CPU the notifications process used per email, in µs (user + system, from /proc). */
  readonly serviceCpuMicrosPerEmail: number;
  /** Its average CPU over the run, in % of one core. */
  readonly serviceCpuPercent: number;
}

const users = 100;

/** A local SMTP server (smtp-server) that takes every email and counts it. */
async function startCountingSmtpServer() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        received += 1;
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * Sends `count` alert requests to 100 users through a notifications process (its own database and AMQP
 * names on the servers of `npm run services`) to a local SMTP server, and measures emails/s and the
 * service's CPU per email. Everything it made is deleted at the end.
 */
export async function runEmailBench(
  count: number,
  serviceEnv: Readonly<Record<string, string>>,
  onProgress: (received: number) => void,
): Promise<EmailBenchResult> {
  const urls = readTestServerUrls();
  const database = await createTestDatabase('bench_notifications');
  const prefix = `${createUniqueName('bench_notifications')}.`;
  const smtp = await startCountingSmtpServer();
  const bus = await createAmqpMessageBus({
    url: urls.amqpUrl,
    connectionName: `${prefix}bench`,
    queues: [notificationRequestsQueue, notificationRecipientsQueue],
    namePrefix: prefix,
  });
  const service = await startServiceProcess({
    service: 'notifications',
    label: 'notifications',
    env: {
      AMQP_URL: urls.amqpUrl,
      AMQP_NAME_PREFIX: prefix,
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      WEB_APP_URL: 'https://app.homeport.test',
      NOTIFICATIONS_API_TOKEN: 'bench-notifications-api-token-0123456789abcdef',
      UNSUBSCRIBE_SECRET: 'bench-unsubscribe-secret-0123456789abcdef',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ...serviceEnv,
    },
  });
  try {
    const userIds = Array.from({ length: users }, () => randomUUID());
    await Promise.all(
      userIds.map((userId) =>
        bus.publish(userContactChangedV1, {
          userId,
          email: `${userId}@example.com`,
          emailVerified: true,
          changedAt: Date.now(),
        }),
      ),
    );
    await waitFor(
      async () => (await service.readMetric('notifications_requests_total')) >= users,
      'the users',
    );
    const sampler = createProcessSampler([processById('notifications', service.pid)]);
    const before = (await sampler.sample()).get('notifications');
    const startedAt = performance.now();
    const publishing = Promise.all(
      Array.from({ length: count }, (_, index) =>
        bus.publish(notificationRequestedV1, {
          ...notificationRequestedV1.example,
          userId: userIds[index % users] ?? '',
          dedupKey: `bench:${index}`,
          requestedAt: Date.now(),
        }),
      ),
    );
    await waitFor(
      () => {
        onProgress(smtp.received());
        return smtp.received() >= count;
      },
      `${count} emails at the SMTP server`,
      { timeoutMs: 600_000, intervalMs: 200 },
    );
    await publishing;
    const seconds = (performance.now() - startedAt) / 1000;
    const after = (await sampler.sample()).get('notifications');
    const cpuSeconds = (after?.cpuSeconds ?? 0) - (before?.cpuSeconds ?? 0);
    return {
      emails: count,
      seconds,
      emailsPerSecond: count / seconds,
      serviceCpuMicrosPerEmail: (cpuSeconds * 1_000_000) / count,
      serviceCpuPercent: (cpuSeconds / seconds) * 100,
    };
  } finally {
    await service.stop();
    await bus.close();
    await smtp.close();
    await database.drop();
    await deleteAmqpTopology(prefix, { busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs });
  }
}

/** The result as the bench prints it. */
export function formatEmailBench(result: EmailBenchResult): string {
  return [
    `notifications: ${result.emails} emails through SMTP in ${result.seconds.toFixed(1)} s`,
    `  ${Math.round(result.emailsPerSecond)} emails/s (request published -> email at the SMTP server)`,
    `  notifications process: ${Math.round(result.serviceCpuMicrosPerEmail)} µs CPU per email, ` +
      `${Math.round(result.serviceCpuPercent)}% of a core on average`,
  ].join('\n');
}
