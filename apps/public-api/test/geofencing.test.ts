import { describeLocationPresence } from './geofencing/location-presence';
import { describeZones } from './geofencing/zones';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_geofencing');
describeLocationPresence(environment);
describeZones(environment);
