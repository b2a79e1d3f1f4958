import { describeIsolation } from './isolation/isolation';
import { describeIsolationAudit } from './isolation/isolation-audit';
import { describeIsolationAuditScopes } from './isolation/isolation-audit-scopes';
import { describeIsolationLive } from './isolation/isolation-live';
import { describeIsolationOauth } from './isolation/isolation-oauth';
import { describeIsolationVendors } from './isolation/isolation-vendors';
import { describeIsolationWebhooks } from './isolation/isolation-webhooks';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_isolation');
describeIsolation(environment);
describeIsolationAudit(environment);
describeIsolationAuditScopes(environment);
describeIsolationLive(environment);
describeIsolationOauth(environment);
describeIsolationVendors(environment);
describeIsolationWebhooks(environment);
