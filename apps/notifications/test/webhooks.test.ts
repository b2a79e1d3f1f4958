import {
  notificationRequestedV1,
  webhookDeliveryRequestedV1,
  type WebhookDeliveryPage,
} from '@homeport/contracts';
import { requestJson, waitFor, waitForValue } from '@homeport/testing';
import { Webhook } from 'standardwebhooks';
import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, readMetric, testApiToken, type Harness } from './support/harness';
import {
  listenForDisabledEndpoints,
  startWebhookReceiver,
  type WebhookDeliveryRequest,
  type WebhookReceiver,
} from './support/webhook-receiver';

// The service, its servers and the receivers start in beforeAll; 2 shared cores can make that slow.
jest.setTimeout(30_000);

/** Sustained failure disables an endpoint after this long here (5 days in production). */
const disableAfterMs = 4000;

describe('webhook deliveries: signed, retried, once each, and given up on', () => {
  let harness: Harness;
  let service: RunningWorker;
  let disabledEvents: Awaited<ReturnType<typeof listenForDisabledEndpoints>>;
  const receivers: WebhookReceiver[] = [];

  const newReceiver = async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    return receiver;
  };
  const publish = (request: WebhookDeliveryRequest) =>
    harness.bus.publish(webhookDeliveryRequestedV1, request);
  const deliveries = async (endpointId: string, query = '') =>
    (
      await requestJson<WebhookDeliveryPage>(
        service.url,
        'GET',
        `/webhook-endpoints/${endpointId}/deliveries${query}`,
        { token: testApiToken },
      )
    ).body;
  const statuses = async (endpointId: string) =>
    (await deliveries(endpointId)).items.map((item) => item.status).sort();
  const logOf = async (messageId: string) =>
    (
      await harness.pool.query<{ outcome: string; status_code: number | null; reason: string | null }>(
        `SELECT log.outcome, log.status_code, log.reason FROM notifications.delivery_log AS log
         JOIN notifications.outbox AS row ON row.id = log.outbox_id
         WHERE row.channel = 'webhook' AND row.dedup_key = $1 ORDER BY log.id`,
        [messageId],
      )
    ).rows;

  beforeAll(async () => {
    harness = await createHarness('notif_webhooks', {
      WEBHOOK_ALLOW_PRIVATE_HOSTS: 'true',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '400',
      WEBHOOK_MAX_ATTEMPTS: '100',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_DISABLE_AFTER_MS: String(disableAfterMs),
      WEBHOOK_ANNOUNCE_POLL_MS: '200',
      // Long enough that a receiver's open circuit is still open while another receiver is served.
      CIRCUIT_COOLDOWN_MS: '3000',
    });
    disabledEvents = await listenForDisabledEndpoints(harness.amqpPrefix);
    service = await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
    await disabledEvents.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  it('every delivery is signed at attempt time, verified by the standardwebhooks package with the endpoint secret', async () => {
    const receiver = await newReceiver();
    const requests = [receiver.requestFor(), receiver.requestFor(), receiver.requestFor()];
    await Promise.all(requests.map(publish));
    await waitFor(() => receiver.received.length === 3, 'three deliveries');

    const verifier = new Webhook(receiver.secret);
    for (const delivery of receiver.received) {
      const headers = delivery.headers as Record<string, string>;
      expect(() => verifier.verify(delivery.body, headers)).not.toThrow();
      expect(headers['content-type']).toBe('application/json');
      expect(delivery.method).toBe('POST');
      const request = requests.find((candidate) => candidate.messageId === headers['webhook-id']);
      expect(delivery.body).toBe(request?.body);
    }
    // Signed with another secret, the same delivery is refused: the check above is not vacuous.
    const [first] = receiver.received;
    const otherSecret = new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`);
    expect(() => otherSecret.verify(first?.body ?? '', first?.headers as Record<string, string>)).toThrow();
    await waitFor(
      async () => (await statuses(receiver.endpointId)).join() === 'delivered,delivered,delivered',
      'delivered',
    );
    const page = await deliveries(receiver.endpointId);
    expect(page.items[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
    });
  });

  it('a receiver answering 503 for a while: every event arrives once after it recovers, and the log keeps the failures', async () => {
    const receiver = await newReceiver();
    let refusals = 4;
    receiver.status = () => (refusals-- > 0 ? 503 : 200);
    const transientBefore = await readMetric(service, 'notifications_deliveries_total', {
      channel: 'webhook',
      outcome: 'transient',
    });
    const requests = Array.from({ length: 4 }, () => receiver.requestFor());
    await Promise.all(requests.map(publish));
    await waitFor(
      () => requests.every((request) => receiver.deliveredCount(request.messageId) > 0),
      'every event delivered after the recovery',
      { timeoutMs: 20_000 },
    );

    for (const request of requests) expect(receiver.deliveredCount(request.messageId)).toBe(1);
    expect(receiver.received.filter((request) => request.answeredStatus === 503)).toHaveLength(4);
    const logs = await Promise.all(requests.map((request) => logOf(request.messageId)));
    const failures = logs.flat().filter((entry) => entry.outcome === 'transient');
    expect(failures).toHaveLength(4);
    expect(failures[0]).toMatchObject({
      status_code: 503,
      reason: 'HTTP 503 Service Unavailable: refused (503)',
    });
    await waitFor(
      async () => (await statuses(receiver.endpointId)).every((status) => status === 'delivered'),
      'settled',
    );
    expect(
      await readMetric(service, 'notifications_deliveries_total', {
        channel: 'webhook',
        outcome: 'transient',
      }),
    ).toBe(transientBefore + 4);
  });

  it('one failing receiver opens its own circuit: another receiver is served while it is open', async () => {
    const failing = await newReceiver();
    const healthy = await newReceiver();
    failing.status = () => 503;
    let failingAttemptsWhenServed: number | undefined;
    healthy.status = () => {
      failingAttemptsWhenServed = failing.received.length;
      return 200;
    };
    const opened = await readMetric(service, 'notifications_circuit_opened_total', { provider: 'webhook' });
    await Promise.all([failing.requestFor(), failing.requestFor(), failing.requestFor()].map(publish));
    await waitFor(
      async () =>
        (await readMetric(service, 'notifications_circuit_opened_total', { provider: 'webhook' })) > opened,
      "the failing receiver's circuit open",
    );
    // Attempts let through before it opened (CIRCUIT_FAILURES, or one more that was in flight) all logged:
    // from now on none is made before the cooldown (3 s) ends.
    const logged = async () =>
      Number(
        (
          await harness.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM notifications.delivery_log AS log
             JOIN notifications.outbox AS row ON row.id = log.outbox_id WHERE row.recipient = $1`,
            [failing.endpointId],
          )
        ).rows[0]?.n,
      );
    await waitFor(async () => (await logged()) === failing.received.length, 'the attempts made logged');
    const attemptsWhenOpen = failing.received.length;
    expect(attemptsWhenOpen).toBeGreaterThanOrEqual(3);
    const request = healthy.requestFor();
    await publish(request);
    await waitFor(() => healthy.deliveredCount(request.messageId) === 1, 'the healthy receiver served');
    // Its retries come due within 400 ms but wait out the cooldown (3 s) without an attempt.
    expect(failingAttemptsWhenServed).toBe(attemptsWhenOpen);
    await requestJson(service.url, 'DELETE', `/webhook-endpoints/${failing.endpointId}`, {
      token: testApiToken,
    });
  });

  it('a redelivered request is delivered once', async () => {
    const receiver = await newReceiver();
    const request = receiver.requestFor();
    const duplicates = () =>
      readMetric(service, 'notifications_requests_total', {
        type: webhookDeliveryRequestedV1.type,
        outcome: 'duplicate',
      });
    const before = await duplicates();
    await publish(request);
    await waitFor(() => receiver.deliveredCount(request.messageId) === 1, 'the first delivery');
    await publish(request);
    await waitFor(async () => (await duplicates()) === before + 1, 'the second request found its row');
    expect(receiver.received).toHaveLength(1);
    expect((await deliveries(receiver.endpointId)).items).toHaveLength(1);
  });

  it('410 Gone: a permanent failure, the endpoint disabled and announced once, later requests abandoned', async () => {
    const receiver = await newReceiver();
    receiver.status = () => 410;
    const first = receiver.requestFor();
    await publish(first);
    const [event] = await waitForValue(
      () =>
        Promise.resolve(
          disabledEvents.of(receiver.endpointId).length > 0
            ? disabledEvents.of(receiver.endpointId)
            : undefined,
        ),
      'webhook.endpoint-disabled',
    );
    expect(event).toMatchObject({
      endpointId: receiver.endpointId,
      lastError: 'HTTP 410 Gone: refused (410)',
    });
    expect(await logOf(first.messageId)).toEqual([
      { outcome: 'permanent', status_code: 410, reason: 'HTTP 410 Gone: refused (410)' },
    ]);
    expect((await deliveries(receiver.endpointId)).items[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: 410,
    });

    const later = receiver.requestFor();
    await publish(later);
    await waitFor(
      async () => (await statuses(receiver.endpointId)).join() === 'abandoned,failed',
      'the later one abandoned',
    );
    expect(receiver.received).toHaveLength(1);
    const announced = await harness.pool.query<{ announced_at: Date | null }>(
      'SELECT announced_at FROM notifications.webhook_endpoints WHERE endpoint_id = $1',
      [receiver.endpointId],
    );
    expect(announced.rows[0]?.announced_at).not.toBeNull();
    expect(disabledEvents.of(receiver.endpointId)).toHaveLength(1);
  });

  it('failing for longer than WEBHOOK_DISABLE_AFTER_MS: disabled, the waiting deliveries abandoned; enabling resets', async () => {
    const receiver = await newReceiver();
    receiver.status = () => 500;
    const waiting = [receiver.requestFor(), receiver.requestFor()];
    const publishedAt = Date.now();
    await Promise.all(waiting.map(publish));
    await waitFor(() => disabledEvents.of(receiver.endpointId).length === 1, 'the endpoint disabled', {
      timeoutMs: 20_000,
    });
    const [event] = disabledEvents.of(receiver.endpointId);
    expect(event?.disabledAt).toBeGreaterThan((event?.failingSince ?? 0) + disableAfterMs);
    expect(event?.failingSince).toBeGreaterThanOrEqual(publishedAt - 1000);
    expect(event?.lastError).toMatch(/^HTTP 500 Internal Server Error/);
    await waitFor(
      async () => (await statuses(receiver.endpointId)).join() === 'abandoned,abandoned',
      'abandoned',
    );
    const log = await logOf(waiting[0]?.messageId ?? '');
    expect(log.at(-1)).toMatchObject({ outcome: 'abandoned', status_code: null });
    expect(log.at(-1)?.reason).toMatch(/^abandoned: endpoint disabled, every attempt failed for \d+ s/);
    expect(
      log.slice(0, -1).every((entry) => entry.outcome === 'transient' && entry.status_code === 500),
    ).toBe(true);
    const abandonedPage = await deliveries(receiver.endpointId, '?status=abandoned');
    expect(abandonedPage.items[0]?.nextAttemptAt).toBeNull();

    const enabled = await requestJson(
      service.url,
      'POST',
      `/webhook-endpoints/${receiver.endpointId}/enable`,
      {
        token: testApiToken,
      },
    );
    expect(enabled.status).toBe(204);
    receiver.status = () => 200;
    const after = receiver.requestFor();
    await publish(after);
    await waitFor(() => receiver.deliveredCount(after.messageId) === 1, 'delivered after enabling');
    const state = await harness.pool.query(
      'SELECT 1 FROM notifications.webhook_endpoints WHERE endpoint_id = $1',
      [receiver.endpointId],
    );
    expect(state.rows).toHaveLength(0);
  });

  it('an endpoint disabled but not announced (a crash between the two) is announced by the sweep', async () => {
    const receiver = await newReceiver();
    await harness.pool.query(
      `INSERT INTO notifications.webhook_endpoints (endpoint_id, failing_since, last_error, disabled_at)
       VALUES ($1, now() - interval '6 days', 'HTTP 502 Bad Gateway', now())`,
      [receiver.endpointId],
    );
    await waitFor(() => disabledEvents.of(receiver.endpointId).length === 1, 'the announcement');
    expect(disabledEvents.of(receiver.endpointId)[0]).toMatchObject({ lastError: 'HTTP 502 Bad Gateway' });
  });

  it('the deliveries API: token required, newest first, keyset pages, a status filter; DELETE abandons what waits', async () => {
    const receiver = await newReceiver();
    const path = `/webhook-endpoints/${receiver.endpointId}/deliveries`;
    expect((await requestJson(service.url, 'GET', path)).status).toBe(401);
    expect(
      (
        await requestJson(service.url, 'GET', '/webhook-endpoints/not-a-uuid/deliveries', {
          token: testApiToken,
        })
      ).status,
    ).toBe(400);

    const requests = [receiver.requestFor(), receiver.requestFor(), receiver.requestFor()];
    for (const request of requests) {
      await publish(request);
      await waitFor(() => receiver.deliveredCount(request.messageId) === 1, 'delivered in order');
      // The receiver answers before the service settles the row (its status and log in one statement).
      await waitFor(
        async () => (await logOf(request.messageId)).some((entry) => entry.outcome === 'delivered'),
        'recorded as delivered',
      );
    }
    const firstPage = await deliveries(receiver.endpointId, '?limit=2');
    expect(firstPage.items.map((item) => item.messageId)).toEqual([
      requests[2]?.messageId,
      requests[1]?.messageId,
    ]);
    expect(firstPage.items[0]).toMatchObject({
      eventType: 'device.state-changed',
      status: 'delivered',
      nextAttemptAt: null,
    });
    const secondPage = await deliveries(receiver.endpointId, `?limit=2&before=${firstPage.nextBefore ?? ''}`);
    expect(secondPage).toEqual({ items: [expect.objectContaining({ messageId: requests[0]?.messageId })] });

    receiver.status = () => 500;
    const waiting = receiver.requestFor();
    await publish(waiting);
    await waitFor(async () => (await logOf(waiting.messageId)).length > 0, 'a failed attempt');
    const pending = await deliveries(receiver.endpointId, '?status=pending');
    expect(pending.items).toEqual([
      expect.objectContaining({
        messageId: waiting.messageId,
        lastStatusCode: 500,
        nextAttemptAt: expect.any(String) as unknown,
      }),
    ]);
    const removed = await requestJson(service.url, 'DELETE', `/webhook-endpoints/${receiver.endpointId}`, {
      token: testApiToken,
    });
    expect(removed.status).toBe(204);
    const abandoned = await deliveries(receiver.endpointId, '?status=abandoned');
    expect(abandoned.items).toEqual([
      expect.objectContaining({ messageId: waiting.messageId, lastError: 'abandoned: endpoint deleted' }),
    ]);
  });

  it('the webhook.disabled notice (category account) reaches its owner by email, in their language', async () => {
    const owner = await harness.addUser({ locale: 'fr', timeZone: 'Europe/Paris' });
    await harness.bus.publish(notificationRequestedV1, {
      userId: owner.userId,
      category: 'account',
      severity: 'warning',
      template: 'webhook.disabled',
      data: {
        url: 'https://hooks.example.com/homeport',
        description: 'Mon intégration',
        failingSince: Date.UTC(2026, 10, 16, 9, 0),
        lastError: 'HTTP 503 Service Unavailable',
      },
      dedupKey: `webhook-disabled:${owner.userId}`,
      requestedAt: Date.now(),
    });
    const [email] = await waitForValue(
      () =>
        Promise.resolve(
          harness.smtp.receivedBy(owner.email).length > 0 ? harness.smtp.receivedBy(owner.email) : undefined,
        ),
      'the notice',
    );
    expect(email?.subject).toBe('Webhook désactivé : Mon intégration');
    expect(email?.text).toContain('https://hooks.example.com/homeport');
    expect(email?.text).toContain('16 novembre 2026');
    expect(email?.text).toContain('HTTP 503 Service Unavailable');
  });
});
