import { isIPv6 } from 'node:net';

/**
 * The key of a remote address in the per-address CONNECT throttle: an IPv4 address itself (also when
 * IPv4-mapped, `::ffff:192.0.2.1`), an IPv6 address its /64 network, since anyone given one IPv6 address
 * usually has the 2^64 addresses of its /64 to spread a storm over.
 */
export function addressKeyOf(address: string): string {
  if (!isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros: string[] = Array.from({ length: 8 - headGroups.length - tailGroups.length }, () => '0');
  const groups = [...headGroups, ...zeros, ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
