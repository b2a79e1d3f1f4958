import { describeAccountDeletion } from './identity/account-deletion';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_deletion', { brokerApi: true });
describeAccountDeletion(environment);
