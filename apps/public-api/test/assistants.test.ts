import { describeAlexa } from './assistants/alexa';
import { describeGoogleHome } from './assistants/google-home';
import { describeAssistantDevices } from './assistants/assistant-devices';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_assistants', { brokerApi: true, reportedState: true });
describeAlexa(environment);
describeGoogleHome(environment);
describeAssistantDevices(environment);
