import { notificationRequestedV1, notificationRequestsQueue, userDeletedV1 } from '@homeport/contracts';
import { readTestServerUrls, waitFor, waitForValue } from '@homeport/testing';
import amqplib from 'amqplib';
import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, readMetric, type Harness } from './support/harness';
import { randomUUID } from 'node:crypto';

describe('requests notifications cannot deliver', () => {
  let harness: Harness;
  let service: RunningWorker;

  beforeAll(async () => {
    harness = await createHarness('notif_dead_letters');
    service = await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
  });

  /** The dead letter of the request with that dedup key, once it is there. */
  const deadLetterOf = (dedupKey: string) =>
    waitForValue(async () => {
      const letters = await harness.bus.takeDeadLetters(notificationRequestsQueue, 50);
      return letters.find((letter) => letter.body.includes(dedupKey));
    }, `the dead letter of ${dedupKey}`);

  it.each([
    ['an unknown template', { template: 'alert.unheard-of' }, 'TEMPLATE_UNKNOWN'],
    ['data the template does not accept', { data: { ruleName: 'Too hot' } }, 'TEMPLATE_DATA_INVALID'],
  ])('%s is dead-lettered with the reason and counted', async (_what, overrides, code) => {
    const user = await harness.addUser();
    const request = harness.alertFor(user.userId, overrides);
    const before = await readMetric(service, 'notifications_dead_letters_total', { code });
    await harness.bus.publish(notificationRequestedV1, request);
    expect(await deadLetterOf(request.dedupKey)).toMatchObject({ errorCode: code });
    expect(await readMetric(service, 'notifications_dead_letters_total', { code })).toBe(before + 1);
  });

  it('a request that does not match its schema (a publisher that skips validation) is dead-lettered, unread', async () => {
    const user = await harness.addUser();
    const request = { ...harness.alertFor(user.userId), severity: 'apocalyptic' };
    const connection = await amqplib.connect(readTestServerUrls().amqpUrl);
    try {
      const channel = await connection.createConfirmChannel();
      const exchange = harness.amqpPrefix + notificationRequestedV1.exchange.name;
      channel.publish(exchange, notificationRequestedV1.routingKey, Buffer.from(JSON.stringify(request)), {
        type: notificationRequestedV1.type,
        persistent: true,
      });
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    expect(await deadLetterOf(request.dedupKey)).toMatchObject({
      errorCode: 'MESSAGE_INVALID',
      reason: expect.stringContaining('/severity') as unknown,
    });
  });

  it('a user notifications has never heard of, and a deleted one, are dead-lettered with the reason', async () => {
    const unknown = harness.alertFor(randomUUID());
    await harness.bus.publish(notificationRequestedV1, unknown);
    expect(await deadLetterOf(unknown.dedupKey)).toMatchObject({ errorCode: 'RECIPIENT_UNKNOWN' });

    const user = await harness.addUser();
    await harness.bus.publish(userDeletedV1, { userId: user.userId, deletedAt: Date.now() });
    await waitFor(
      async () =>
        (
          await harness.pool.query(
            'SELECT 1 FROM notifications.recipients WHERE user_id = $1 AND deleted_at IS NOT NULL',
            [user.userId],
          )
        ).rows.length === 1,
      'the deletion stored',
    );
    const toDeleted = harness.alertFor(user.userId);
    await harness.bus.publish(notificationRequestedV1, toDeleted);
    expect(await deadLetterOf(toDeleted.dedupKey)).toMatchObject({ errorCode: 'RECIPIENT_DELETED' });
    expect(harness.smtp.rcptCount(user.email)).toBe(0);
  });

  it('an address that is not one is dead-lettered with the reason', async () => {
    const user = await harness.addUser({ email: 'ada@localhost' });
    const request = harness.alertFor(user.userId);
    await harness.bus.publish(notificationRequestedV1, request);
    expect(await deadLetterOf(request.dedupKey)).toMatchObject({
      errorCode: 'ADDRESS_INVALID',
      reason: expect.stringContaining('not a valid email address') as unknown,
    });
  });
});
