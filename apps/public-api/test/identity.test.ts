import { describeAccounts } from './identity/accounts';
import { describeSessions } from './identity/sessions';
import { describePersonalTokens } from './identity/personal-tokens';
import { describeOauthClients } from './identity/oauth-clients';
import { describeOauthConsent } from './identity/oauth-consent';
import { describeOauthFlows } from './identity/oauth-flows';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_identity');
describeAccounts(environment);
describeSessions(environment);
describePersonalTokens(environment);
describeOauthClients(environment);
describeOauthConsent(environment);
describeOauthFlows(environment);
