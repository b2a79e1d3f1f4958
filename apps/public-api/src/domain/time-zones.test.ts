import { resolveIanaTimeZone } from './time-zones';

describe('IANA time zone names', () => {
  it.each([
    ['Europe/Paris', 'Europe/Paris'],
    ['america/new_york', 'America/New_York'],
    ['UTC', 'UTC'],
    ['Etc/GMT+1', 'Etc/GMT+1'],
  ])('%s is accepted as %s', (name, resolved) => {
    expect(resolveIanaTimeZone(name)).toBe(resolved);
  });

  it.each(['Mars/Olympus_Mons', '+02:00', 'CEST', '', 'Europe Paris', 'Europe/Paris/../x'])(
    '%j is refused',
    (name) => {
      expect(resolveIanaTimeZone(name)).toBeUndefined();
    },
  );
});
