import { Type, type Static } from 'typebox';

/**
 * public-api's routes of a person's notification settings (`/v1/account/notifications/...`) answer the bodies
 * of the notifications service's internal API (notifications-api.ts); these are the parts of their own.
 */

/** Path parameters of `/v1/account/notifications/{push-subscriptions|mobile-devices}/{id}`. */
export const NotificationAddressIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export type NotificationAddressIdParams = Static<typeof NotificationAddressIdParams>;

/** The token of an email's unsubscribe link, in the query of `/v1/notifications/unsubscribe`. */
export const UnsubscribeQuery = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 512 }) },
  { additionalProperties: false },
);
export type UnsubscribeQuery = Static<typeof UnsubscribeQuery>;

/**
 * The form body of `POST /v1/notifications/unsubscribe`: RFC 8058 one-click (`List-Unsubscribe=One-Click`, what
 * mail clients send), or the confirmation page's button (which sends the same).
 */
export const UnsubscribeForm = Type.Object({ 'List-Unsubscribe': Type.Literal('One-Click') });
export type UnsubscribeForm = Static<typeof UnsubscribeForm>;
