import { describeIsolationDevices } from './device-isolation/isolation-devices';
import { describeIsolationVendorOperations } from './device-isolation/isolation-vendor-operations';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_device_isolation', { brokerApi: true });
describeIsolationDevices(environment);
describeIsolationVendorOperations(environment);
