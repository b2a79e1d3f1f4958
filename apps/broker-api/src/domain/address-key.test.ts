import { addressKeyOf } from './address-key';

describe('remote address key of the CONNECT throttle', () => {
  it('an IPv4 address is its own key, also when IPv4-mapped', () => {
    expect(addressKeyOf('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKeyOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });

  it('the addresses of one IPv6 /64 share a key, another /64 has its own', () => {
    const keys = ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:eeee:dddd:cccc', '2001:db8:1:2:0:0:0:9'].map(
      addressKeyOf,
    );
    expect(new Set(keys)).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(addressKeyOf('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(addressKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
