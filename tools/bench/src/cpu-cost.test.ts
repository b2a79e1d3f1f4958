import { summarizeCpu } from './cpu-cost';

describe('the CPU cost of a step', () => {
  it('adds up the processes and divides by the rate: 150% of a core at 3,000 msg/s is 500 µs a message', () => {
    const processes = [
      { name: 'broker-api#1', cpuPercent: 60, peakRssBytes: 1 },
      { name: 'rabbitmq', cpuPercent: 40, peakRssBytes: 1 },
      { name: 'bench', cpuPercent: 50, peakRssBytes: 1 },
    ];
    expect(summarizeCpu(processes, 3000)).toEqual({ totalPercent: 150, microsPerMessage: 500 });
  });

  it('a step without a rate costs nothing per message', () => {
    expect(summarizeCpu([], 0)).toEqual({ totalPercent: 0, microsPerMessage: 0 });
  });
});
