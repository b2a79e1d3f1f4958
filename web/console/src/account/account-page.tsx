import { ApiTokensPanel } from './api-tokens-panel';
import { ConnectedAppsPanel } from './connected-apps-panel';

/** The person's account: the apps and voice assistants they connected, and their API tokens. */
export function AccountPage() {
  return (
    <>
      <h1>Your account</h1>
      <ConnectedAppsPanel />
      <ApiTokensPanel />
    </>
  );
}
