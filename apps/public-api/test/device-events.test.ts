import { describeAutomations } from './device-events/automations';
import { describeWebhookDelivery } from './device-events/webhook-delivery';
import { describeWebhooks } from './device-events/webhooks';
import { shareTestEnvironment } from './support/environment';

const environment = shareTestEnvironment('papi_device_events', { brokerApi: true });
describeAutomations(environment);
describeWebhookDelivery(environment);
describeWebhooks(environment);
