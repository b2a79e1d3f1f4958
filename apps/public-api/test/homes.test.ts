import { describeHomes } from './homes/homes';
import { describeLocations } from './homes/locations';
import { describeNotificationSettings } from './homes/notification-settings';
import { describeAudit } from './homes/audit';
import { describeAlexaUnconfigured } from './homes/alexa-unconfigured';
import { describeReplicaCaches } from './homes/replica-caches';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_homes');
describeHomes(environment);
describeLocations(environment);
describeNotificationSettings(environment);
describeAudit(environment);
describeAlexaUnconfigured(environment);
describeReplicaCaches(environment);
