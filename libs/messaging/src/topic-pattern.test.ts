import { matchesTopicPattern } from './topic-pattern';

describe('matchesTopicPattern', () => {
  it('when the pattern has no wildcard, only the same routing key matches', () => {
    expect(matchesTopicPattern('device.seen.v1', 'device.seen.v1')).toBe(true);
    expect(matchesTopicPattern('device.seen.v1', 'device.seen.v2')).toBe(false);
    expect(matchesTopicPattern('device.seen', 'device.seen.v1')).toBe(false);
  });

  it('when the pattern has *, it stands for exactly one word', () => {
    expect(matchesTopicPattern('device.*.v1', 'device.seen.v1')).toBe(true);
    expect(matchesTopicPattern('device.*.v1', 'device.v1')).toBe(false);
    expect(matchesTopicPattern('device.*.v1', 'device.a.b.v1')).toBe(false);
  });

  it('when the pattern has #, it stands for zero or more words', () => {
    expect(matchesTopicPattern('device.#', 'device')).toBe(true);
    expect(matchesTopicPattern('device.#', 'device.seen.v1')).toBe(true);
    expect(matchesTopicPattern('#', 'anything.at.all')).toBe(true);
    expect(matchesTopicPattern('#.v1', 'device.seen.v1')).toBe(true);
    expect(matchesTopicPattern('device.#.v1', 'device.v1')).toBe(true);
    expect(matchesTopicPattern('device.#.v1', 'device.seen.v2')).toBe(false);
  });
});
