import { mapWithConcurrency } from './map-with-concurrency';

describe('provisioning a batch a few devices at a time', () => {
  it('when 7 devices are sent 3 at a time, never more than 3 are in flight and the results keep the order', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const results = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // Later items finish first: the order of the results must still be the items'.
      await new Promise((resolve) => setTimeout(resolve, 8 - item));
      inFlight -= 1;
      return item * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(mostInFlight).toBe(3);
  });

  it('when there is nothing to send, nothing runs', async () => {
    const task = jest.fn(() => Promise.resolve(1));
    expect(await mapWithConcurrency([], 4, task)).toEqual([]);
    expect(task).not.toHaveBeenCalled();
  });
});
