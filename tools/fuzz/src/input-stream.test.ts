import { splitInputs } from './input-stream';

describe('how the inputs are shared between families', () => {
  it('all three: 35% MQTT packets, 40% device payloads, 25% HTTP, adding up to the total', () => {
    expect(splitInputs(300, ['mqtt-packet', 'device-payload', 'http'])).toEqual({
      'mqtt-packet': 105,
      'device-payload': 120,
      http: 75,
    });
    const odd = splitInputs(1001, ['mqtt-packet', 'device-payload', 'http']);
    expect(odd['mqtt-packet'] + odd['device-payload'] + odd.http).toBe(1001);
  });

  it('a family left out gets nothing, and the others share the whole total by their shares', () => {
    expect(splitInputs(600, ['mqtt-packet', 'http'])).toEqual({
      'mqtt-packet': 350,
      'device-payload': 0,
      http: 250,
    });
  });
});
