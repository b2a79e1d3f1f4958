import { toCommandFinishedEvent } from './command-finished';
import { commandStateAt, type Command } from './commands';

const command: Command = {
  id: 'cmd-1',
  deviceId: 'thermostat-1',
  vendorId: 'acme',
  name: 'reboot',
  params: {},
  createdAt: new Date(1_000),
  expiresAt: new Date(61_000),
  deliveredAt: new Date(2_000),
  ackedAt: null,
  ack: null,
  source: null,
};
const acked = (status: 'accepted' | 'done' | 'failed' | 'rejected'): Command => ({
  ...command,
  ackedAt: new Date(5_000),
  ack: { status },
});

describe('the end of a command', () => {
  it('when the device acknowledged an outcome, the event carries it at the time of the ack', () => {
    expect(toCommandFinishedEvent(acked('failed'))).toEqual({
      vendorId: 'acme',
      deviceId: 'thermostat-1',
      commandId: 'cmd-1',
      name: 'reboot',
      status: 'failed',
      finishedAt: 5_000,
    });
  });

  it('a command asked for by a vendor says so in its event; one whose caller did not say has no source', () => {
    expect(toCommandFinishedEvent({ ...acked('done'), source: 'vendor' })).toMatchObject({
      source: 'vendor',
    });
    expect(toCommandFinishedEvent(acked('done'))).not.toHaveProperty('source');
  });

  it('when it expired unacknowledged or only accepted, the event says expired at its expiry', () => {
    for (const ended of [command, acked('accepted')]) {
      expect(toCommandFinishedEvent(ended)).toMatchObject({ status: 'expired', finishedAt: 61_000 });
    }
  });

  it('a command accepted and then expired reads as expired, an outcome stays after the expiry', () => {
    const later = new Date(70_000);
    expect(commandStateAt(acked('accepted'), new Date(10_000))).toBe('accepted');
    expect(commandStateAt(acked('accepted'), later)).toBe('expired');
    expect(commandStateAt(acked('done'), later)).toBe('done');
    expect(commandStateAt(command, new Date(10_000))).toBe('delivered');
  });
});
