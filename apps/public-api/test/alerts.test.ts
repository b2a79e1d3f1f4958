import { describeAlertRules } from './alerts/alert-rules';
import { describeAlertHistory } from './alerts/alert-history';
import { describeAlertEvents } from './alerts/alert-events';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_alerts', { brokerApi: true });
describeAlertRules(environment);
describeAlertHistory(environment);
describeAlertEvents(environment);
