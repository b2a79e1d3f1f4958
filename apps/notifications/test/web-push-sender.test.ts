import webPush from 'web-push';
import type { WebPushMessage, WebPushSubscription } from '../src/domain/channels';
import { createWebPushSender, type WebPushSettings } from '../src/adapters/web-push-sender';
import { startHttpStandIn } from '@homeport/testing';
import { startWebPushService, type TestWebPushService } from './support/web-push-service';

const vapidKeys = webPush.generateVAPIDKeys();
const settings = {
  VAPID_PUBLIC_KEY: vapidKeys.publicKey,
  VAPID_PRIVATE_KEY: vapidKeys.privateKey,
  VAPID_SUBJECT: 'mailto:operators@homeport.test',
  WEB_PUSH_ALLOW_HTTP: true,
  WEB_PUSH_TIMEOUT_MS: 2000,
} satisfies WebPushSettings;

function messageTo(subscription: WebPushSubscription, title: string): WebPushMessage {
  return {
    subscription,
    title,
    body: 'Kitchen temperature above 30 °C',
    data: { alertId: 'alert-1', link: '/alerts/alert-1' },
    urgency: 'high',
    ttlSeconds: 600,
  };
}

describe('the Web Push sender against a real push service (web-push-testing)', () => {
  let service: TestWebPushService;
  const sender = createWebPushSender({ settings });

  beforeAll(async () => {
    service = await startWebPushService();
  });
  afterAll(async () => {
    await sender.close();
    await service.stop();
  });

  it('delivers a message the browser can decrypt, with its title, body and data', async () => {
    const { subscription, clientHash } = await service.subscribe(vapidKeys.publicKey);

    const outcome = await sender.send(messageTo(subscription, 'Too hot in the kitchen'));

    expect(outcome).toEqual({ kind: 'delivered' });
    const received = await service.readNotifications(clientHash);
    expect(received.map((payload) => JSON.parse(payload) as unknown)).toEqual([
      {
        title: 'Too hot in the kitchen',
        body: 'Kitchen temperature above 30 °C',
        data: { alertId: 'alert-1', link: '/alerts/alert-1' },
      },
    ]);
  });

  it('sends the urgency and time to live of the message, and keeps the id the push service gives', async () => {
    const seen: { urgency?: string; ttl?: string }[] = [];
    // Provider stand-in: a push service accepting a message (RFC 8030 §5, https://www.rfc-editor.org/rfc/rfc8030#section-5),
    // as web-push-testing does not show the headers it received.
    const pushService = await startHttpStandIn((request) => {
      seen.push({ urgency: request.headers.urgency as string, ttl: request.headers.ttl as string });
      return { status: 201, headers: { location: `${request.path}/messages/m-1` }, body: '' };
    });
    const { subscription } = await service.subscribe(vapidKeys.publicKey);

    const outcome = await sender.send({
      ...messageTo({ ...subscription, endpoint: `${pushService.url}/push/1` }, 'Low battery'),
      urgency: 'normal',
      ttlSeconds: 86_400,
    });
    await pushService.close();

    expect(outcome).toEqual({ kind: 'delivered', providerMessageId: '/push/1/messages/m-1' });
    expect(seen).toEqual([{ urgency: 'normal', ttl: '86400' }]);
  });

  it('reports an expired subscription (410) as gone, so it is removed', async () => {
    const { subscription, clientHash } = await service.subscribe(vapidKeys.publicKey);
    await service.expire(clientHash);

    const outcome = await sender.send(messageTo(subscription, 'Never seen'));

    expect(outcome).toMatchObject({ kind: 'permanent', addressGone: true });
  });

  it('reports a message signed with other VAPID keys as refused, without removing the subscription', async () => {
    const { subscription } = await service.subscribe(webPush.generateVAPIDKeys().publicKey);

    const outcome = await sender.send(messageTo(subscription, 'Wrong keys'));

    expect(outcome).toMatchObject({ kind: 'permanent', addressGone: false });
  });

  it('reports a subscription whose keys cannot be used as gone, without calling anyone', async () => {
    const { subscription } = await service.subscribe(vapidKeys.publicKey);
    const broken = { ...subscription, keys: { p256dh: 'not-a-key', auth: subscription.keys.auth } };

    const outcome = await sender.send(messageTo(broken, 'Broken keys'));

    expect(outcome).toMatchObject({ kind: 'permanent', addressGone: true });
  });

  it('refuses a negative time to live as a bad message, keeping the subscription', async () => {
    const { subscription } = await service.subscribe(vapidKeys.publicKey);

    const outcome = await sender.send({ ...messageTo(subscription, 'Bad TTL'), ttlSeconds: -1 });

    expect(outcome).toMatchObject({ kind: 'permanent', addressGone: false });
  });

  it('refuses an http endpoint unless http is allowed', async () => {
    const { subscription } = await service.subscribe(vapidKeys.publicKey);
    const httpsOnly = createWebPushSender({ settings: { ...settings, WEB_PUSH_ALLOW_HTTP: false } });

    const outcome = await httpsOnly.send(messageTo(subscription, 'Over http'));
    await httpsOnly.close();

    expect(outcome).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('https') as unknown });
  });

  it('gives up on a push service that does not answer in time, as a transient failure', async () => {
    // Provider stand-in: a push service that never answers.
    const hung = await startHttpStandIn(() => undefined);
    const { subscription } = await service.subscribe(vapidKeys.publicKey);
    const quick = createWebPushSender({ settings: { ...settings, WEB_PUSH_TIMEOUT_MS: 200 } });

    const outcome = await quick.send(messageTo({ ...subscription, endpoint: `${hung.url}/push/1` }, 'Hung'));
    await quick.close();
    await hung.close();

    expect(outcome).toMatchObject({
      kind: 'transient',
      reason: expect.stringContaining('200 ms') as unknown,
    });
  });

  it('reports a refused connection as a transient failure', async () => {
    const gone = await startHttpStandIn(() => undefined);
    await gone.close();
    const { subscription } = await service.subscribe(vapidKeys.publicKey);

    const outcome = await sender.send(
      messageTo({ ...subscription, endpoint: `${gone.url}/push/1` }, 'Nobody'),
    );

    expect(outcome).toMatchObject({ kind: 'transient' });
  });

  it('refuses VAPID keys that cannot sign at start, naming the setting', () => {
    expect(() => createWebPushSender({ settings: { ...settings, VAPID_PRIVATE_KEY: 'AAAA' } })).toThrow(
      /VAPID/,
    );
  });
});
