import { assistantMappingExample } from '@homeport/contracts';
import type { BrokerApiProcess } from '@homeport/testing';
import { asAdmin, createTestVendor, type TestVendor } from './devices';

/** One of the redirect URLs the Alexa developer console lists for a skill's account linking (North America). */
export const alexaRedirectUri = 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA';

/** Google's account linking redirect for a project (https://developers.google.com/identity/account-linking/oauth-linking). */
export const googleRedirectUri = 'https://oauth-redirect.googleusercontent.com/r/homeport-test';

/** The message id of Amazon's sample directives. */
export const alexaMessageId = '1bd5d003-31b9-476f-ad03-71d471922820';

/** The request id of Google's sample intents. */
export const googleRequestId = 'ff36a3cc-ec34-11e6-b1a0-64510650abcf';

/** alexa-smarthome sample_messages/Authorization/Authorization.AcceptGrant.request.json, with a code Amazon issued. */
export const acceptGrant = (token: string, code: string) => ({
  directive: {
    header: {
      namespace: 'Alexa.Authorization',
      name: 'AcceptGrant',
      payloadVersion: '3',
      messageId: alexaMessageId,
    },
    payload: {
      grant: { type: 'OAuth2.AuthorizationCode', code },
      grantee: { type: 'BearerToken', token },
    },
  },
});

/** https://developers.home.google.com/cloud-to-cloud/intents/sync */
export const syncRequest = { requestId: googleRequestId, inputs: [{ intent: 'action.devices.SYNC' }] };

/** A new vendor whose thermostat product the assistants see (its mapping is the contract's example). */
export async function createMappedThermostats(brokerApi: BrokerApiProcess): Promise<TestVendor> {
  const thermostats = await createTestVendor(brokerApi);
  const mappingPath = `/vendors/${thermostats.vendorId}/products/${thermostats.productId}/assistant-mapping`;
  await asAdmin(brokerApi, 'PUT', mappingPath, assistantMappingExample);
  return thermostats;
}
