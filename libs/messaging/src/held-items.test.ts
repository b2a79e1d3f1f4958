import { createHeldItems } from './held-items';

const settled = async (promise: Promise<void>): Promise<boolean> => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('createHeldItems', () => {
  it('admits deliveries while fewer than max items are held, and the next one when an item settles', async () => {
    const held = createHeldItems(3);
    await held.admit();
    held.hold(2);
    await held.admit();
    held.hold(5); // a batch may take the count past max, once
    const third = held.admit();
    expect(await settled(third)).toBe(false);
    for (let index = 0; index < 4; index += 1) held.release();
    expect(await settled(third)).toBe(false);
    held.release();
    expect(await settled(third)).toBe(true);
  });

  it('admits one delivery at a time: the next waits for the previous to say what it holds', async () => {
    const held = createHeldItems(10);
    await held.admit();
    const second = held.admit();
    expect(await settled(second)).toBe(false);
    held.hold(0); // refused unparsed: holds nothing
    expect(await settled(second)).toBe(true);
  });
});
