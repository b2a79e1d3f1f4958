import { checkLiteralHost, createPublicAddressLookup, findRefusedRange } from './public-address';

describe('which addresses may receive webhooks', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
  ])('%s is refused as %s', (address, range) => {
    expect(findRefusedRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:93.184.215.14'])(
    '%s, a public address, is allowed',
    (address) => {
      expect(findRefusedRange(address)).toBeUndefined();
    },
  );

  it('an IP literal in a URL is judged without a lookup, IPv6 in brackets too', () => {
    expect(checkLiteralHost('127.0.0.1')?.message).toBe('127.0.0.1 is a loopback address');
    expect(checkLiteralHost('[::1]')?.message).toBe('::1 is a loopback address');
    expect(checkLiteralHost('93.184.215.14')).toBeUndefined();
    expect(checkLiteralHost('hooks.example.com')).toBeUndefined();
  });

  it('a host name resolving to a loopback address is refused by the lookup the socket uses', async () => {
    const lookup = createPublicAddressLookup();
    const error = await new Promise<Error | null>((resolve) => {
      lookup('localhost', { all: true }, (failure) => {
        resolve(failure);
      });
    });
    expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
  });
});
