import { startFixture } from '../test/support/run-fixture';

jest.setTimeout(30_000);

describe('runService', () => {
  it('when main fails before the logger exists, one fatal JSON line goes to stderr and the process exits 1', async () => {
    const service = startFixture('fail-to-start');
    expect(await service.exited).toBe(1);
    expect(
      service
        .stderr()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([{ level: 'fatal', service: 'fixture', msg: 'Error: config: DATABASE_URL missing' }]);
    expect(service.lines()).toEqual([]);
  });
});
