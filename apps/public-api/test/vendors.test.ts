import { describeVendorApiKeys } from './vendors/vendor-api-keys';
import { describeVendorMembers } from './vendors/vendor-members';
import { describeAuditVendors } from './vendors/audit-vendors';
import { describeOperations } from './vendors/operations';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_vendors');
describeVendorApiKeys(environment);
describeVendorMembers(environment);
describeAuditVendors(environment);
describeOperations(environment);
