import {
  homeMemberInvitedV1,
  notificationRequestedV1,
  userEmailVerificationRequestedV1,
} from '@homeport/contracts';
import { waitFor, waitForValue } from '@homeport/testing';
import { randomUUID } from 'node:crypto';
import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, readMetric, testWebAppUrl, type Harness } from './support/harness';

describe('notifications delivered by email', () => {
  let harness: Harness;
  let service: RunningWorker;

  beforeAll(async () => {
    harness = await createHarness('notif_delivery');
    service = await harness.startService();
  });
  afterAll(async () => {
    await harness.close();
  });

  const firstEmailTo = (address: string) =>
    waitForValue(() => Promise.resolve(harness.smtp.receivedBy(address)[0]), `an email to ${address}`);

  it("an alert reaches the SMTP server in the user's language and time zone, escaped, and is logged delivered", async () => {
    const user = await harness.addUser({ locale: 'fr', timeZone: 'Europe/Paris' });
    const data = { ...notificationRequestedV1.example.data, deviceName: 'Chaudière <sous-sol>' };
    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId, { data }));

    const email = await firstEmailTo(user.email);
    expect(email.subject).toBe('[Critique] Boiler too hot : Chaudière <sous-sol> indique 92,5 °C');
    expect(email.text).toContain('a relevé temperature 92,5 °C (seuil 85 °C).');
    // 1763719800000 is 10:10 UTC, 11:10 in Paris (CET).
    expect(email.text).toMatch(/21 novembre 2025 (à )?11:10 UTC\+1/);
    expect(email.html).toContain('Chaudière &lt;sous-sol&gt;');
    expect(email.html).not.toContain('<sous-sol>');
    await waitFor(async () => (await harness.deliveryLog(user.userId)).length === 1, 'the attempt logged');
    expect(await harness.deliveryLog(user.userId)).toEqual([
      { outcome: 'delivered', provider: 'smtp', reason: null },
    ]);
    expect(
      await readMetric(service, 'notifications_deliveries_total', { outcome: 'delivered' }),
    ).toBeGreaterThan(0);
  });

  it('a request published again with the same dedup key (a redelivery) is sent once', async () => {
    const user = await harness.addUser();
    const request = harness.alertFor(user.userId);
    const duplicatesBefore = await readMetric(service, 'notifications_requests_total', {
      outcome: 'duplicate',
    });
    await harness.bus.publish(notificationRequestedV1, request);
    await harness.bus.publish(notificationRequestedV1, request);
    await waitFor(
      async () =>
        (await readMetric(service, 'notifications_requests_total', { outcome: 'duplicate' })) ===
        duplicatesBefore + 1,
      'the second request handled',
    );
    await firstEmailTo(user.email);
    await waitFor(async () => (await harness.deliveryLog(user.userId)).length === 1, 'the attempt logged');
    expect(harness.smtp.receivedBy(user.email)).toHaveLength(1);
  });

  it('an address not yet verified gets no alert', async () => {
    const user = await harness.addUser({ emailVerified: false });
    const before = await readMetric(service, 'notifications_requests_total', { outcome: 'no-channel' });
    await harness.bus.publish(notificationRequestedV1, harness.alertFor(user.userId));
    await waitFor(
      async () =>
        (await readMetric(service, 'notifications_requests_total', { outcome: 'no-channel' })) === before + 1,
      'the request handled',
    );
    expect(harness.smtp.rcptCount(user.email)).toBe(0);
  });

  it("public-api's verification email carries the confirmation link to the web console, in the user's language", async () => {
    const user = await harness.addUser({ emailVerified: false, locale: 'fr' });
    const token = 'n3w-W5mZ1dQ0pQe8rJp1xG7bUuV2kqB9YtHcA6sLzE0';
    await harness.bus.publish(userEmailVerificationRequestedV1, {
      userId: user.userId,
      email: user.email,
      token,
      expiresAt: Date.now() + 86_400_000,
    });
    const email = await firstEmailTo(user.email);
    expect(email.subject).toBe('Confirmez votre adresse e-mail pour Homeport');
    expect(email.text).toContain(`${testWebAppUrl}/#/verify-email?token=${token}`);
    expect(email.html).toContain(`href="${testWebAppUrl}/#/verify-email?token=${token}"`);
  });

  it('a home invitation reaches an address that has no account yet, in English', async () => {
    const email = `${randomUUID()}@example.com`;
    const invitation = {
      ...homeMemberInvitedV1.example,
      invitationId: randomUUID(),
      email,
      homeName: 'Rue des <Lilas>',
    };
    await harness.bus.publish(homeMemberInvitedV1, invitation);
    const received = await firstEmailTo(email);
    expect(received.subject).toBe('You are invited to the home "Rue des <Lilas>" on Homeport');
    expect(received.text).toContain(`${testWebAppUrl}/#/invitations/${invitation.invitationId}`);
    expect(received.html).toContain('Rue des &lt;Lilas&gt;');
  });
});
