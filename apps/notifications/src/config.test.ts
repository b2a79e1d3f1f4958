import { readRetryDelaysMs } from '@homeport/config';
import { loadNotificationsConfig } from './config';

const required = {
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  WEB_APP_URL: 'https://app.homeport.example',
  NOTIFICATIONS_API_TOKEN: 'a-notifications-api-token-0123456789abcdef',
  UNSUBSCRIBE_SECRET: 'an-unsubscribe-secret-0123456789abcdef',
};

describe('notifications configuration', () => {
  it('with the connection URLs and the web console address, every other setting has its default', () => {
    const config = loadNotificationsConfig(required);
    expect(config).toMatchObject({
      DISPATCH_CONCURRENCY: 20,
      DELIVERY_MAX_ATTEMPTS: 16,
      RUN_MIGRATIONS: true,
      RATE_LIMIT_PER_HOUR: 10,
      WEB_PUSH_ALLOWED_HOSTS:
        'fcm.googleapis.com,updates.push.services.mozilla.com,*.notify.windows.com,web.push.apple.com',
    });
    expect(config.VAPID_PUBLIC_KEY).toBeUndefined();
    expect(readRetryDelaysMs(config)).toEqual([1000, 5000, 30000]);
  });

  it('lists every bad key at once', () => {
    const bad = { ...required, SMTP_URL: 'http://mail', WEB_APP_URL: undefined, DISPATCH_CONCURRENCY: '0' };
    const message = (() => {
      try {
        loadNotificationsConfig(bad);
        return '';
      } catch (error) {
        return String(error);
      }
    })();
    for (const key of ['SMTP_URL', 'WEB_APP_URL', 'DISPATCH_CONCURRENCY']) expect(message).toContain(key);
    expect(() => loadNotificationsConfig({ ...required, UNSUBSCRIBE_SECRET: 'short' })).toThrow(
      /UNSUBSCRIBE_SECRET/,
    );
  });

  it('refuses a lease shorter than the longest send, which would let a second replica send the row too', () => {
    expect(() =>
      loadNotificationsConfig({ ...required, DISPATCH_LEASE_MS: '60000', SMTP_TIMEOUT_MS: '30000' }),
    ).toThrow(/DISPATCH_LEASE_MS.*120000/);
  });
});
