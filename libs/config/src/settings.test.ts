import { serverConnectionKeys, serverConnectionSettings } from './settings';

describe('serverConnectionKeys', () => {
  it('names every key of serverConnectionSettings, so a worker without them keeps none of its servers', () => {
    expect([...serverConnectionKeys].sort()).toEqual(Object.keys(serverConnectionSettings).sort());
  });
});
