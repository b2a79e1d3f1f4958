import { compileValidator } from '../validation';
import {
  GoogleSmartHomeRequest,
  GoogleSmartHomeResponse,
  googleExecuteRequestExample,
} from './google-smart-home';

const requests = compileValidator(GoogleSmartHomeRequest);
const responses = compileValidator(GoogleSmartHomeResponse);

describe('Google Smart Home contract', () => {
  it("Google's published SYNC, QUERY, EXECUTE and DISCONNECT requests validate", () => {
    // https://developers.home.google.com/cloud-to-cloud/intents/sync
    const sync = {
      requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abcf',
      inputs: [{ intent: 'action.devices.SYNC' }],
    };
    // https://developers.home.google.com/cloud-to-cloud/intents/query
    const query = {
      requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abcf',
      inputs: [
        {
          intent: 'action.devices.QUERY',
          payload: {
            devices: [
              { id: '123', customData: { fooValue: 74, barValue: true, bazValue: 'foo' } },
              { id: '456', customData: { fooValue: 12, barValue: false, bazValue: 'bar' } },
            ],
          },
        },
      ],
    };
    // https://developers.home.google.com/cloud-to-cloud/intents/disconnect
    const disconnect = {
      requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abcf',
      inputs: [{ intent: 'action.devices.DISCONNECT' }],
    };
    for (const request of [sync, query, googleExecuteRequestExample, disconnect]) {
      expect(requests.explain(request)).toEqual([]);
    }
  });

  it("Google's published answers validate: SYNC devices, QUERY states, EXECUTE outcomes, DISCONNECT's {}", () => {
    // https://developers.home.google.com/cloud-to-cloud/intents/execute
    const execute = {
      requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abcf',
      payload: {
        commands: [
          { ids: ['123'], status: 'SUCCESS', states: { on: true, online: true } },
          { ids: ['456'], status: 'ERROR', errorCode: 'deviceOffline' },
        ],
      },
    };
    // https://developers.home.google.com/cloud-to-cloud/intents/query
    const query = {
      requestId: 'ff36a3cc-ec34-11e6-b1a0-64510650abcf',
      payload: {
        devices: {
          '123': { on: true, online: true, status: 'SUCCESS' },
          '456': {
            on: true,
            online: true,
            status: 'SUCCESS',
            brightness: 80,
            color: { spectrumRgb: 16777215 },
          },
        },
      },
    };
    for (const response of [execute, query, {}]) expect(responses.explain(response)).toEqual([]);
  });

  it('a request without an intent Homeport knows, or with two inputs, is refused', () => {
    const unknown = { requestId: 'r-1', inputs: [{ intent: 'action.devices.IDENTIFY' }] };
    expect(requests.explain(unknown)).not.toEqual([]);
    const two = {
      requestId: 'r-1',
      inputs: [{ intent: 'action.devices.SYNC' }, { intent: 'action.devices.SYNC' }],
    };
    expect(requests.explain(two).join()).toMatch(/inputs/);
    expect(requests.explain({ inputs: [{ intent: 'action.devices.SYNC' }] }).join()).toMatch(/requestId/);
  });
});
