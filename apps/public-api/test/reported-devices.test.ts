import { describeDeviceHistory } from './reported-devices/device-history';
import { describeDeviceViewCaches } from './reported-devices/device-view-caches';
import { describeHomeDevices } from './reported-devices/home-devices';
import { describeLive } from './reported-devices/live';
import { describeOwnerDevices } from './reported-devices/owner-devices';
import { describeVendorKeyToOwner } from './reported-devices/vendor-key-to-owner';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_reported_devices', { brokerApi: true, reportedState: true });
describeDeviceHistory(environment);
describeDeviceViewCaches(environment);
describeHomeDevices(environment);
describeLive(environment);
describeOwnerDevices(environment);
describeVendorKeyToOwner(environment);
