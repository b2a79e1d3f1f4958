import type { UnsubscribeResponse } from '@homeport/contracts';
import { escapeHtml, renderPage } from './html-page';

const categoryNames: Record<UnsubscribeResponse['category'], string> = {
  alert: 'device alerts',
  presence: 'presence notices',
  geofence: 'geofencing notices',
};
const channelNames: Record<UnsubscribeResponse['channel'], string> = {
  email: 'email',
  'web-push': 'browser notifications',
  'mobile-push': 'the mobile app',
  sms: 'SMS',
};

/**
 * What an email's unsubscribe link opens: a button that posts the RFC 8058 one-click form back to the same URL
 * (the token stays in the query). Following the link changes nothing, so a mail scanner that opens it does not
 * unsubscribe anyone.
 */
export function renderUnsubscribePage(token: string): string {
  const action = `unsubscribe?token=${encodeURIComponent(token)}`;
  return renderPage(
    'Unsubscribe',
    `<h1>Unsubscribe</h1>
<p>Stop receiving these notifications? You can turn them on again in your notification settings.</p>
<form method="post" action="${escapeHtml(action)}">
<button type="submit" name="List-Unsubscribe" value="One-Click">Unsubscribe</button>
</form>`,
  );
}

/** After the unsubscribe: what was turned off. */
export function renderUnsubscribedPage(done: UnsubscribeResponse): string {
  const what = `${categoryNames[done.category]} by ${channelNames[done.channel]}`;
  return renderPage(
    'Unsubscribed',
    `<h1>Unsubscribed</h1>\n<p>You will no longer receive ${escapeHtml(what)}.</p>`,
  );
}

/** The link was not a valid unsubscribe link (altered, or its user is gone). */
export function renderInvalidLinkPage(): string {
  return renderPage(
    'Cannot unsubscribe',
    '<h1>This unsubscribe link is not valid</h1>\n<p>Change what you receive in your notification settings.</p>',
  );
}
