import { describeState, formatMegabytes, summarizeHealth, type ServiceHealth } from './operations-view';

const service = (name: string, status: 'up' | 'down', reason?: string): ServiceHealth => ({
  name,
  status,
  ...(reason !== undefined && { reason }),
  dependencies: [],
});

describe("the operations page's words", () => {
  it('a state is said in words, with why a service is down', () => {
    expect(describeState({ status: 'up' })).toBe('up');
    expect(describeState({ status: 'down', reason: 'timed out' })).toBe('down: timed out');
    expect(describeState({ status: 'down' })).toBe('down');
  });

  it('the summary names the services that are down', () => {
    expect(summarizeHealth([service('a', 'up'), service('b', 'up')])).toBe('All 2 services are up.');
    expect(summarizeHealth([service('a', 'up'), service('alerts', 'down', 'timed out')])).toBe(
      '1 of 2 services down: alerts.',
    );
  });

  it('memory is shown in megabytes, a missing figure as a dash', () => {
    expect(formatMegabytes(52_428_800)).toBe('52 MB');
    expect(formatMegabytes(5_200_000)).toBe('5.2 MB');
    expect(formatMegabytes(undefined)).toBe('—');
  });
});
