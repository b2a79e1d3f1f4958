import { notificationRequestedV1 } from '@homeport/contracts';
import { waitFor } from '@homeport/testing';
import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, readMetric, type Harness } from './support/harness';

describe('an SMTP server that refuses', () => {
  let harness: Harness;
  let service: RunningWorker;

  beforeAll(async () => {
    // One send at a time, so that the attempts the server sees are exactly the ones the breaker let through.
    harness = await createHarness('notif_smtp_failures', { DISPATCH_CONCURRENCY: '1' });
    service = await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
  });
  afterEach(() => {
    harness.smtp.behaviour.mailFromRefusal = undefined;
  });

  const settled = async (userId: string, count: number) => {
    const result = await harness.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM notifications.outbox WHERE user_id = $1 AND status <> 'pending'`,
      [userId],
    );
    return Number(result.rows[0]?.n) === count;
  };

  it('421 for a while: the messages are retried, the circuit opens, and all arrive once the server recovers', async () => {
    const user = await harness.addUser();
    let refusals = 8;
    harness.smtp.behaviour.mailFromRefusal = () => (refusals-- > 0 ? 421 : undefined);
    const opened = await readMetric(service, 'notifications_circuit_opened_total');
    await Promise.all(
      Array.from({ length: 5 }, () =>
        harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId)),
      ),
    );
    await waitFor(() => settled(user.userId, 5), 'every message settled', { timeoutMs: 20_000 });

    expect(harness.smtp.receivedBy(user.email)).toHaveLength(5);
    const log = await harness.deliveryLog(user.userId);
    expect(log.filter((entry) => entry.outcome === 'delivered')).toHaveLength(5);
    expect(log.filter((entry) => entry.outcome === 'transient')).toHaveLength(8);
    expect(log.find((entry) => entry.outcome === 'transient')?.reason).toMatch(/^MAIL FROM answered 421/);
    expect(await readMetric(service, 'notifications_circuit_opened_total')).toBeGreaterThan(opened);
  });

  it('while the circuit is open, messages wait without reaching the server', async () => {
    const user = await harness.addUser();
    harness.smtp.behaviour.mailFromRefusal = () => 421;
    const deferredBefore = await readMetric(service, 'notifications_deliveries_total', {
      outcome: 'deferred',
    });
    const attemptsBefore = harness.smtp.mailFromCount();
    await Promise.all(
      Array.from({ length: 4 }, () =>
        harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId)),
      ),
    );
    await waitFor(
      async () =>
        (await readMetric(service, 'notifications_deliveries_total', { outcome: 'deferred' })) >=
        deferredBefore + 4,
      'rows deferred by the open circuit',
    );
    // Three failures open it (CIRCUIT_FAILURES); then one trial per cooldown (300 ms) at most.
    const attempts = harness.smtp.mailFromCount() - attemptsBefore;
    expect((await harness.deliveryLog(user.userId)).length).toBe(attempts);
    harness.smtp.behaviour.mailFromRefusal = undefined;
    await waitFor(() => settled(user.userId, 4), 'every message settled after the recovery', {
      timeoutMs: 20_000,
    });
    expect(harness.smtp.receivedBy(user.email)).toHaveLength(4);
  });

  it('550 on the recipient: the address is marked, no retry, and later messages to it are suppressed', async () => {
    const user = await harness.addUser();
    harness.smtp.behaviour.unknownMailboxes.add(user.email);
    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId));
    await waitFor(() => settled(user.userId, 1), 'the first message settled');
    const dead = await harness.pool.query<{ reason: string }>(
      'SELECT reason FROM notifications.suppressed_addresses WHERE channel = $1 AND address = $2',
      ['email', user.email],
    );
    expect(dead.rows[0]?.reason).toMatch(/^RCPT TO answered 550/);

    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId));
    await waitFor(() => settled(user.userId, 2), 'the second message settled');
    expect(harness.smtp.rcptCount(user.email)).toBe(1);
    expect((await harness.deliveryLog(user.userId)).map((entry) => entry.outcome)).toEqual([
      'permanent',
      'suppressed',
    ]);
    const statuses = await harness.pool.query<{ status: string }>(
      'SELECT status FROM notifications.outbox WHERE user_id = $1 ORDER BY id',
      [user.userId],
    );
    expect(statuses.rows.map((row) => row.status)).toEqual(['failed', 'suppressed']);
  });
});
