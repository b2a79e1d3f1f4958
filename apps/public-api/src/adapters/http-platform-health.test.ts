import { readProbedServices } from './http-platform-health';

describe('the services the operations page probes (OPERATIONS_SERVICES)', () => {
  it('a list of names and http(s) addresses is read in order; empty is none', () => {
    expect(readProbedServices('broker-api=http://broker-api:8080, fan-out=https://fan-out:8080/')).toEqual({
      services: [
        { name: 'broker-api', url: 'http://broker-api:8080' },
        { name: 'fan-out', url: 'https://fan-out:8080/' },
      ],
    });
    expect(readProbedServices('')).toEqual({ services: [] });
  });

  it.each([
    ['Broker=http://b:8080', '"Broker" is not a service name (kebab-case)'],
    ['alerts=http://a:8080,alerts=http://b:8080', 'alerts is listed twice'],
    ['alerts=ftp://a', 'alerts\'s address "ftp://a" is not an http(s) URL'],
    ['alerts', 'alerts\'s address "" is not an http(s) URL'],
  ])('%j is refused: %s', (text, problem) => {
    expect(readProbedServices(text)).toEqual({ problem });
  });
});
