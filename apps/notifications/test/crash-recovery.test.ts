import { notificationRequestedV1, notificationRequestsQueue } from '@homeport/contracts';
import { startServiceProcess, waitFor, type ServiceProcess } from '@homeport/testing';
import { createHarness, type Harness } from './support/harness';

const messageCount = 1000;
const concurrency = 20;

describe('a notifications process killed with SIGKILL while it sends', () => {
  let harness: Harness;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    harness = await createHarness('notif_crash', {
      DISPATCH_CONCURRENCY: String(concurrency),
      // Short, so that the rows the killed process held are due again soon after the restart.
      DISPATCH_LEASE_MS: '3000',
      SMTP_MAX_CONNECTIONS: '5',
      SMTP_TIMEOUT_MS: '500',
      // The lease must outlast the longest send, a webhook's included.
      WEBHOOK_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'info', // the "notifications started" line is how the test knows it runs
    });
    // Slowed down: each message waits before the server's 250, so sends are in flight when the kill comes.
    harness.smtp.behaviour.dataDelayMs = 10;
  });
  afterAll(async () => {
    await Promise.all(processes.map((process) => process.killHard()));
    await harness.close();
  });

  const start = async (label: string) => {
    const started = await startServiceProcess({ service: 'notifications', label, env: harness.env });
    processes.push(started);
    return started;
  };

  it('after a restart every notification is delivered, and duplicates stay within the sends in flight', async () => {
    const first = await start('notifications#1');
    const user = await harness.addUser();
    const rules = Array.from({ length: messageCount }, (_, index) => `rule-${index}`);
    await Promise.all(
      rules.map((ruleName) =>
        harness.bus.publish(
          notificationRequestedV1,
          harness.alertFor(user.userId, {
            dedupKey: `crash:${ruleName}`,
            data: { ...notificationRequestedV1.example.data, ruleName },
          }),
        ),
      ),
    );
    const received = () => harness.smtp.receivedBy(user.email);
    const distinctRules = () => new Set(received().map((email) => /\] (rule-\d+):/.exec(email.subject)?.[1]));

    // Bounds for a loaded machine (CI shares two cores with every project's tests): a fresh-clone run took
    // over 30 s to start the process and send the first quarter.
    await waitFor(() => received().length >= messageCount / 4, 'a quarter sent', { timeoutMs: 90_000 });
    await first.killHard();
    const sentBeforeKill = received().length;
    expect(sentBeforeKill).toBeLessThan(messageCount);

    const second = await start('notifications#2');
    await waitFor(() => distinctRules().size === messageCount, 'every notification delivered', {
      timeoutMs: 90_000,
    });
    const statuses = await harness.pool.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM notifications.outbox WHERE user_id = $1 GROUP BY status',
      [user.userId],
    );
    await waitFor(
      async () =>
        Number(
          (
            await harness.pool.query<{ n: string }>(
              `SELECT count(*) AS n FROM notifications.outbox WHERE user_id = $1 AND status = 'delivered'`,
              [user.userId],
            )
          ).rows[0]?.n,
        ) === messageCount,
      'every row settled as delivered',
    );
    const duplicates = received().length - messageCount;
    console.info(
      `crash test: ${sentBeforeKill} emails received before the kill, ${messageCount} distinct after the restart, ` +
        `${duplicates} duplicates (statuses before settling: ${JSON.stringify(statuses.rows)})`,
    );
    // Only a message the server had taken but whose row was not yet settled can go twice: one per send in flight.
    expect(duplicates).toBeLessThanOrEqual(concurrency);
    expect(distinctRules().has(undefined)).toBe(false);
    expect(await harness.bus.takeDeadLetters(notificationRequestsQueue, 10)).toEqual([]);
    expect(await second.stop()).toBe(0);
  }, 240_000);
});
