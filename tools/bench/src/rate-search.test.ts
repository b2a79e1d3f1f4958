import { createRateSearch, roundRate, type RateSearchOptions } from './rate-search';

const options: RateSearchOptions = { startRate: 1000, maxRate: 40_000, growthFactor: 1.5, bisections: 1 };

/** Runs a search against a system that sustains up to `capacity` msg/s; answers the rates tried. */
function searchAgainst(capacity: number, settings: RateSearchOptions = options) {
  const search = createRateSearch(settings);
  const tried: number[] = [];
  for (let rate = search.nextRate(); rate !== undefined; rate = search.nextRate()) {
    tried.push(rate);
    search.record(rate, rate <= capacity);
  }
  return { tried, highest: search.highestSustained() };
}

describe('the search for the highest sustained rate', () => {
  it('grows by the factor until the first failure, then bisects once between last good and first bad', () => {
    expect(searchAgainst(4000)).toEqual({ tried: [1000, 1500, 2300, 3400, 5100, 4300], highest: 3400 });
    expect(searchAgainst(4500)).toEqual({ tried: [1000, 1500, 2300, 3400, 5100, 4300], highest: 4300 });
  });

  it('more bisections narrow the interval further', () => {
    const { tried, highest } = searchAgainst(4500, { ...options, bisections: 3 });
    expect(tried).toEqual([1000, 1500, 2300, 3400, 5100, 4300, 4700, 4500]);
    expect(highest).toBe(4500);
  });

  it('a sustained step at the maximum rate ends the search', () => {
    expect(searchAgainst(1e9, { ...options, maxRate: 3000 })).toEqual({
      tried: [1000, 1500, 2300, 3000],
      highest: 3000,
    });
  });

  it('when the start rate fails, the bisection tries half of it', () => {
    expect(searchAgainst(300)).toEqual({ tried: [1000, 500], highest: undefined });
    expect(searchAgainst(600)).toEqual({ tried: [1000, 500], highest: 500 });
  });

  it('rates are rounded to two significant digits', () => {
    expect([1000, 2250, 3375, 5062.5, 7593, 11_390, 87].map(roundRate)).toEqual([
      1000, 2300, 3400, 5100, 7600, 11_000, 87,
    ]);
  });
});
