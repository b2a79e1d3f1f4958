import { createItemRate } from './item-rate';

describe("the rate of a batcher's items", () => {
  it('is 0 until a whole window has passed', () => {
    const rate = createItemRate(250);
    rate.count(10, 0);
    rate.count(10, 100);
    expect(rate.perSecond).toBe(0);
  });

  it('counts the items of the batches started in a window over its length, not those of the batch that opened it', () => {
    const rate = createItemRate(250);
    rate.count(1_000, 0); // arrived before the window
    for (let ms = 10; ms <= 300; ms += 10) rate.count(30, ms);
    expect(rate.perSecond).toBe(3_000);
  });

  it('after a quiet spell, the next batch ends the window with a low rate', () => {
    const rate = createItemRate(250);
    rate.count(30, 0);
    rate.count(900, 300);
    expect(rate.perSecond).toBe(3_000);
    rate.count(2, 10_300);
    expect(rate.perSecond).toBe(0.2);
  });
});
