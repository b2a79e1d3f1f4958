import { describeLocationPresence } from './geofencing/location-presence';
import { describePresenceNotices } from './geofencing/presence-notices';
import { describeZones } from './geofencing/zones';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_geofencing');
describeLocationPresence(environment);
describeZones(environment);
describePresenceNotices(environment);
