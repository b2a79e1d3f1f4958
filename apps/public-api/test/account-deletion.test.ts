import { describeAccountDeletion } from './identity/account-deletion';
import { describeAssistantFarewells } from './identity/assistant-farewells';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_deletion', { brokerApi: true });
describeAccountDeletion(environment);
describeAssistantFarewells(environment);
