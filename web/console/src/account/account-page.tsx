import { ApiTokensPanel } from './api-tokens-panel';
import { ConnectedAppsPanel } from './connected-apps-panel';
import { DeleteAccountPanel } from './delete-account-panel';
import { DeliveriesPanel } from '../notifications/deliveries-panel';
import { PreferencesPanel } from '../notifications/preferences-panel';
import { PushPanel } from '../notifications/push-panel';

/**
 * The person's account: the apps and voice assistants they connected, their API tokens, their notification
 * preferences, browsers and what was sent to them; and deleting the account.
 */
export function AccountPage() {
  return (
    <>
      <h1>Your account</h1>
      <ConnectedAppsPanel />
      <ApiTokensPanel />
      <PreferencesPanel />
      <PushPanel />
      <DeliveriesPanel />
      <DeleteAccountPanel />
    </>
  );
}
