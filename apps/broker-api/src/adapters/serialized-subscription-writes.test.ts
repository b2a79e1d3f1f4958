import { serializeSubscriptionWrites, type SubscriptionWrites } from './serialized-subscription-writes';

/** A persistence whose writes settle when the test says (an echo that comes, or never does). */
function createHeldWrites() {
  const writes: { subscriptions: unknown[]; settle: () => void }[] = [];
  const persistence: SubscriptionWrites = {
    addSubscriptions: (_client, subscriptions) =>
      new Promise<void>((resolve) => {
        writes.push({ subscriptions, settle: resolve });
      }),
  };
  return { persistence, writes };
}

const session = { id: 'service:fan-out-p0of2' };
const filters = [{ topic: 'v1/+/devices/+/reported', qos: 1 }];

describe('one session subscription writes', () => {
  it('when the same SUBSCRIBE is stored twice at once, one write is made and both settle with it', async () => {
    const { persistence, writes } = createHeldWrites();
    serializeSubscriptionWrites(persistence);

    const first = persistence.addSubscriptions(session, filters);
    const second = persistence.addSubscriptions(session, filters);
    await new Promise((resolve) => setImmediate(resolve));
    writes[0]?.settle();

    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    expect(writes).toHaveLength(1);
  });

  it('when a write never settles (its echo was lost), it fails after the deadline and the next SUBSCRIBE writes again', async () => {
    const { persistence, writes } = createHeldWrites();
    serializeSubscriptionWrites(persistence, 50);

    const lost = persistence.addSubscriptions(session, filters);
    await expect(lost).rejects.toThrow('subscriptions not stored within 50 ms');
    const again = persistence.addSubscriptions(session, filters);
    await new Promise((resolve) => setImmediate(resolve));
    writes[1]?.settle();

    await expect(again).resolves.toBeUndefined();
    expect(writes).toHaveLength(2);
  });
});
