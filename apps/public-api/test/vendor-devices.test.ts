import { describeVendorOperations } from './vendor-devices/vendor-operations';
import { describeVendorAnalytics } from './vendor-devices/vendor-analytics';
import { describeVendorDeviceBatch } from './vendor-devices/vendor-device-batch';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_vendor_devices', { brokerApi: true });
describeVendorOperations(environment);
describeVendorAnalytics(environment);
describeVendorDeviceBatch(environment);
