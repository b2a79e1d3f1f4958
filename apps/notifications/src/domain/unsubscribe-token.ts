import type { NotificationChannel, PreferenceCategory } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an unsubscribe link stands for: this user no longer wants this category on this channel. */
export interface UnsubscribeClaim {
  readonly userId: string;
  readonly category: PreferenceCategory;
  readonly channel: NotificationChannel;
}

const categories: readonly string[] = ['alert', 'presence', 'geofence'];
const channels: readonly string[] = ['email', 'web-push', 'mobile-push', 'sms'];
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

/**
 * `v1.<user>.<category>.<channel>.<HMAC-SHA256 of the rest, base64url>`: readable, short enough for a URL,
 * and no expiry (RFC 8058 links must keep working in old emails; the worst a leaked one does is unsubscribe).
 */
export function createUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = `v1.${claim.userId}.${claim.category}.${claim.channel}`;
  return `${payload}.${sign(secret, payload)}`;
}

const invalidToken = () =>
  new AppError('invalid', 'UNSUBSCRIBE_TOKEN_INVALID', 'the unsubscribe link is not one we sent', {
    details: { fields: [{ path: '/token', message: 'is not a valid unsubscribe token' }] },
  });

/** The claim of a token this service signed; AppError invalid UNSUBSCRIBE_TOKEN_INVALID for any other. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim {
  const cut = token.lastIndexOf('.');
  const payload = token.slice(0, cut);
  const presented = Buffer.from(token.slice(cut + 1));
  const expected = Buffer.from(sign(secret, payload));
  if (cut < 0 || presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw invalidToken();
  }
  const [version, userId, category, channel, ...rest] = payload.split('.');
  const valid =
    version === 'v1' &&
    rest.length === 0 &&
    userId !== undefined &&
    uuidPattern.test(userId) &&
    category !== undefined &&
    categories.includes(category) &&
    channel !== undefined &&
    channels.includes(channel);
  if (!valid) throw invalidToken();
  return {
    userId,
    category: category as PreferenceCategory,
    channel: channel as NotificationChannel,
  };
}
