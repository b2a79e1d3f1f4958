import type { NotificationChannel } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { requireOffered } from './addresses';
import type { OutboxStore, RecipientStore } from './ports';
import type { AddressBook, StoredPhone } from './preference-ports';
import { chooseLocale } from './templates/locales';
import { renderPhoneCode } from './templates/phone-code';

/** How long a confirmation code lives, and how many tries it allows. */
export const phoneCodeRules = { ttlMs: 10 * 60_000, maxAttempts: 5 } as const;

/** The phone number SMS go to: set (a code is texted to it), confirmed with the code, removed. */
export interface PhoneNumbers {
  get(userId: string): Promise<StoredPhone | undefined>;
  set(userId: string, phoneNumber: string): Promise<StoredPhone>;
  confirm(userId: string, code: string): Promise<StoredPhone>;
  remove(userId: string): Promise<void>;
}

/** The stored form of a code: salted with the user, so one table row cannot be matched against another. */
const hashCode = (userId: string, code: string) =>
  createHash('sha256').update(`${userId}:${code}`).digest('hex');

const codeProblem = (code: string, message: string) =>
  new AppError('invalid', code, message, { details: { fields: [{ path: '/code', message }] } });

/** The phone number use cases; the code goes out as an SMS through the outbox like any other message. */
export function createPhoneNumbers(deps: {
  readonly addresses: AddressBook;
  readonly recipients: RecipientStore;
  readonly outbox: OutboxStore;
  readonly offered: ReadonlySet<NotificationChannel>;
  readonly now?: () => number;
}): PhoneNumbers {
  const { addresses } = deps;
  const now = deps.now ?? Date.now;
  return {
    get: (userId) => addresses.findPhone(userId),
    async set(userId, phoneNumber) {
      requireOffered(deps.offered, 'sms');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await addresses.setPhone(
        userId,
        phoneNumber,
        hashCode(userId, code),
        new Date(now() + phoneCodeRules.ttlMs),
      );
      const recipient = await deps.recipients.find(userId);
      await deps.outbox.enqueue([
        {
          dedupKey: `phone-code:${randomUUID()}`,
          recipient: userId,
          channel: 'sms',
          userId,
          category: 'account',
          severity: 'critical',
          template: 'phone.code',
          address: phoneNumber,
          message: { to: phoneNumber, body: renderPhoneCode(code, chooseLocale(recipient?.locale)) },
        },
      ]);
      return { phoneNumber, confirmed: false };
    },
    async confirm(userId, code) {
      const result = await addresses.confirmPhone(userId, hashCode(userId, code), phoneCodeRules.maxAttempts);
      if (result === 'no-code')
        throw new AppError('not_found', 'PHONE_NOT_FOUND', 'no phone number awaits a code');
      if (result === 'expired')
        throw codeProblem('PHONE_CODE_EXPIRED', 'the code expired: set the number again');
      if (result === 'exhausted') {
        throw codeProblem('PHONE_CODE_ATTEMPTS_EXCEEDED', 'too many wrong codes: set the number again');
      }
      if (result === 'wrong') throw codeProblem('PHONE_CODE_INVALID', 'the code is not the one sent');
      const phone = await addresses.findPhone(userId);
      if (phone === undefined) throw new AppError('not_found', 'PHONE_NOT_FOUND', 'no phone number');
      return phone;
    },
    async remove(userId) {
      if (!(await addresses.removePhone(userId))) {
        throw new AppError('not_found', 'PHONE_NOT_FOUND', 'no phone number');
      }
    },
  };
}
